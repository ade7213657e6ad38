"""MP3 bytes: strict frame-by-frame validation, joining chunks, deterministic ID3 tags."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from mutagen.id3 import ID3, TALB, TIT2, TLAN, TRCK
from mutagen.mp3 import MP3, HeaderNotFoundError

_BITRATES = {  # kbps by (MPEG-1?, layer) for index 1..14
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_ISO639_2 = {
    "ar": "ara", "be": "bel", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "he": "heb",
    "it": "ita", "ja": "jpn", "kk": "kaz", "ko": "kor", "ky": "kir", "pl": "pol", "pt": "por",
    "ru": "rus", "tr": "tur", "tt": "tat", "uk": "ukr", "uz": "uzb", "zh": "zho",
}  # fmt: skip


class InvalidMP3(ValueError):
    """Bytes that are not a complete MPEG audio stream."""


@dataclass(frozen=True)
class Stream:
    frames: int
    channels: int
    max_kbps: int
    sample_rate: int


def audio_start(data: bytes) -> int:
    """Offset of the first byte after a leading ID3v2 tag (0 when there is none)."""
    if len(data) >= 10 and data[:3] == b"ID3":
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        footer = 10 if data[5] & 0x10 else 0
        return 10 + size + footer
    return 0


def frames(data: bytes) -> list[tuple[int, int]]:
    """(offset, length) of every MPEG audio frame; raises InvalidMP3 unless they fill the data.

    A leading ID3v2 tag and a trailing ID3v1 tag are allowed; anything else is not.
    """
    end = len(data) - 128 if len(data) >= 128 and data[-128:-125] == b"TAG" else len(data)
    offset = audio_start(data)
    found: list[tuple[int, int]] = []
    while offset < end:
        length = _frame_length(data, offset)
        if length is None:
            raise InvalidMP3(f"no MPEG frame at byte {offset} of {len(data)}")
        if offset + length > end:
            raise InvalidMP3(f"truncated: last frame needs {offset + length - end} more bytes")
        found.append((offset, length))
        offset += length
    if not found:
        raise InvalidMP3("no MPEG audio frames")
    return found


def inspect(data: bytes) -> Stream:
    """Frame count, channels, highest bitrate and sample rate; raises InvalidMP3."""
    found = frames(data)
    kbps = max(_header(data, offset)[0] for offset, _ in found)
    first = found[0][0]
    channels = 1 if (data[first + 3] >> 6) == 3 else 2
    return Stream(len(found), channels, kbps, _header(data, first)[1])


def join(parts: list[bytes]) -> bytes:
    """One stream from several MP3 replies: tags and Xing/Info frames are dropped."""
    out = bytearray()
    for part in parts:
        for offset, length in frames(part):
            frame = part[offset : offset + length]
            if b"Xing" in frame[:64] or b"Info" in frame[:64]:
                continue
            out += frame
    return bytes(out)


def frame_seconds(data: bytes) -> float:
    """Duration counted frame by frame (Xing/Info frames excluded): exact for joined streams."""
    total = 0.0
    for offset, _length in frames(data):
        if b"Xing" in data[offset : offset + 64] or b"Info" in data[offset : offset + 64]:
            continue
        b1 = data[offset + 1]
        version, layer = (b1 >> 3) & 3, 4 - ((b1 >> 1) & 3)
        samples = 384 if layer == 1 else 1152 if layer == 2 or version == 3 else 576
        total += samples / _header(data, offset)[1]
    return total


def strip_tags(data: bytes) -> bytes:
    """The audio frames alone (validated), without ID3 tags."""
    found = frames(data)
    return data[found[0][0] : found[-1][0] + found[-1][1]]


def seconds(data: bytes) -> float:
    """Duration as mutagen measures it; raises InvalidMP3 when mutagen cannot read it."""
    try:
        info: Any = MP3(io.BytesIO(data)).info  # type: ignore[no-untyped-call]
        return round(float(info.length), 3)
    except HeaderNotFoundError as error:
        raise InvalidMP3(str(error)) from error


def tagged(audio: bytes, *, title: str, album: str, track: int, lang: str) -> bytes:
    """The audio frames with a fresh ID3v2.4 tag: the same input always gives the same bytes."""
    frames_only = strip_tags(audio)
    frames_by_kind: list[tuple[Any, str]] = [(TIT2, title), (TLAN, language_code(lang))]
    if album:
        frames_by_kind.append((TALB, album))
    if track:
        frames_by_kind.append((TRCK, str(track)))
    tags: Any = ID3()  # type: ignore[no-untyped-call]
    for kind, text in frames_by_kind:
        tags.add(kind(encoding=3, text=[text]))  # encoding 3: UTF-8
    buffer = io.BytesIO(frames_only)
    tags.save(buffer, v2_version=4, padding=lambda _info: 0)
    return buffer.getvalue()


def language_code(lang: str) -> str:
    """ID3's TLAN wants ISO 639-2; unknown languages keep their BCP-47 code."""
    base = lang.split("-")[0].lower()
    return _ISO639_2.get(base, lang)


def _header(data: bytes, offset: int) -> tuple[int, int]:
    b1, b2 = data[offset + 1], data[offset + 2]
    version = (b1 >> 3) & 3
    layer = 4 - ((b1 >> 1) & 3)
    kbps = _BITRATES[(version == 3, layer)][((b2 >> 4) & 0xF) - 1]
    rate = _RATES[version][(b2 >> 2) & 3]
    return kbps, rate


def _frame_length(data: bytes, offset: int) -> int | None:
    if offset + 4 > len(data) or data[offset] != 0xFF or (data[offset + 1] & 0xE0) != 0xE0:
        return None
    b1, b2 = data[offset + 1], data[offset + 2]
    version, layer_bits = (b1 >> 3) & 3, (b1 >> 1) & 3
    bitrate_index, rate_index = (b2 >> 4) & 0xF, (b2 >> 2) & 3
    if version == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    kbps, rate = _header(data, offset)
    padding = (b2 >> 1) & 1
    layer = 4 - layer_bits
    if layer == 1:
        return (12000 * kbps // rate + padding) * 4
    per_frame = 144000 if layer == 2 or version == 3 else 72000
    return per_frame * kbps // rate + padding
