"""Human recordings: `stops/NN-slug/<lang>.mp3|.m4a|.ogg|.wav`, made into the site's MP3.

An MP3 that is already mono and at most 48 kbps is used as is (only its tags are rewritten).
A 16-bit mono WAV is encoded with lameenc. Anything else (a heavier MP3, M4A, Ogg, other WAVs) is
converted with ffmpeg to mono 48 kbps MP3; without ffmpeg that is reported before the build.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path
from typing import Any

import lameenc
import mutagen

from audio import mp3

SUFFIXES = (".mp3", ".m4a", ".ogg", ".wav")
MAX_KBPS = 48
MAX_AS_IS_BYTES = 48_000 // 8 * 3 * 3600  # three hours at 48 kbps: bigger MP3s are converted
RECIPE = "recording v1: as-is mp3 <=48k mono | wav lameenc 48k | ffmpeg mono 48k"


class BadRecording(ValueError):
    """The recording cannot be used; the message says why."""


def plan(path: Path) -> str:
    """How `path` becomes the site's MP3: "as-is", "wav" or "ffmpeg"; raises BadRecording."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BadRecording(f"{path}: recordings must be one of {', '.join(SUFFIXES)}")
    try:
        size = path.stat().st_size
        data = path.read_bytes() if suffix == ".mp3" and size <= MAX_AS_IS_BYTES else b""
    except OSError as error:
        raise BadRecording(f"{path}: cannot be read ({error.strerror})") from error
    if not size:
        raise BadRecording(f"{path}: the file is empty")
    if data and _fits(data):
        return "as-is"
    if suffix == ".wav" and _plain_wav(path):
        return "wav"
    if seconds(path) <= 0:
        raise BadRecording(f"{path}: not a readable {suffix[1:].upper()} audio file")
    if shutil.which("ffmpeg") is None:
        raise BadRecording(
            f"{path}: needs converting to mono <= {MAX_KBPS} kbps MP3 and ffmpeg is not"
            " installed (install ffmpeg, or provide a 16-bit mono WAV or a mono <= 48 kbps MP3)"
        )
    return "ffmpeg"


def prepare(path: Path) -> bytes:
    """The recording as a valid mono MP3 of at most 48 kbps; raises BadRecording."""
    how = plan(path)
    if how == "as-is":
        return mp3.strip_tags(path.read_bytes())
    data = _from_wav(path) if how == "wav" else _from_ffmpeg(path)
    try:
        mp3.frames(data)
    except mp3.InvalidMP3 as error:
        raise BadRecording(f"{path}: conversion gave no valid MP3 ({error})") from error
    return data


def seconds(path: Path) -> float:
    """The duration mutagen reads from the file's headers; 0 when it cannot read them."""
    try:
        audio: Any = mutagen.File(path)
    except mutagen.MutagenError:
        return 0.0
    length = getattr(getattr(audio, "info", None), "length", 0)
    return float(length or 0)


def _fits(data: bytes) -> bool:
    try:
        stream = mp3.inspect(data)
    except mp3.InvalidMP3:
        return False
    return stream.channels == 1 and stream.max_kbps <= MAX_KBPS


def _plain_wav(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as reader:
            return reader.getsampwidth() == 2 and reader.getnchannels() == 1
    except (wave.Error, EOFError, OSError):
        return False


def _from_wav(path: Path) -> bytes:
    with wave.open(str(path), "rb") as reader:
        pcm = reader.readframes(reader.getnframes())
        rate = reader.getframerate()
    encoder = lameenc.Encoder()
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_bit_rate(MAX_KBPS)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())


def _from_ffmpeg(path: Path) -> bytes:
    command = [
        "ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-vn", "-map_metadata", "-1",
        "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{MAX_KBPS}k",
        "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", "-",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, check=False, timeout=600)
    if result.returncode != 0:
        reason = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        raise BadRecording(f"{path}: ffmpeg could not convert it ({reason[0]})")
    return result.stdout
