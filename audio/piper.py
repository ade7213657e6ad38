"""Piper voices (VITS models: `.onnx` + `.onnx.json`) run by our own small runner.

Not the `piper-tts` package (GPL-3.0-or-later): a voice needs only espeak-ng's IPA phonemes,
the voice's `phoneme_id_map` and one onnxruntime session. Piper's conventions, followed here:
each sentence is synthesized alone; its phonemes are espeak-ng's clauses, each followed by its
punctuation (and a space after `,` `:` `;`), decomposed (NFD) into code points; the ids are
BOS, PAD, then every phoneme followed by PAD, then EOS; the inputs are `input` [1, n],
`input_lengths` [n], `scales` [noise, length, noise_w] and, for multi-speaker voices, `sid`.
Our espeak-ng may lack espeak_TextToPhonemesWithTerminator, so the clause punctuation is
found here: the sentence is cut at it first and each piece phonemized alone.

One session per process (cached by model path), one intra-op thread: the `Narrator` runs
this engine in one worker process per core.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from audio import espeak
from audio.engine import EngineFailed, Speech, Voice
from audio.normalize import stress
from audio.timed import join_pcm

BOS, EOS, PAD = "^", "$", "_"
SENTENCE_GAP = 0.2  # seconds of silence between sentences
_CLAUSE = re.compile(r"(.+?)([,;:.!?\u2026]+)(?=\s|$)|(.+?)$", re.DOTALL)
_TERMINATOR = {"\u2026": "."}
_VERSION = (
    f"piper-runner v1 onnxruntime {importlib.metadata.version('onnxruntime')}"
    f" espeakng-loader {importlib.metadata.version('espeakng-loader')}"
    f" lameenc {importlib.metadata.version('lameenc')}"
)


class VoiceInvalid(ValueError):
    """A file that is not a usable Piper voice; the message says why."""


@dataclass(frozen=True)
class VoiceConfig:
    """What the runner needs from a voice's `.onnx.json`."""

    sample_rate: int
    espeak_voice: str
    phoneme_id_map: Mapping[str, Sequence[int]]
    num_speakers: int
    noise_scale: float
    length_scale: float
    noise_w: float
    language: str  # e.g. "kk_KZ"
    quality: str
    raw: Mapping[str, Any]

    @classmethod
    def read(cls, path: Path) -> VoiceConfig:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            inference = data.get("inference", {})
            config = cls(
                sample_rate=int(data["audio"]["sample_rate"]),
                espeak_voice=str(data["espeak"]["voice"]),
                phoneme_id_map={
                    str(k): [int(i) for i in v] for k, v in data["phoneme_id_map"].items()
                },
                num_speakers=int(data.get("num_speakers", 1)),
                noise_scale=float(inference.get("noise_scale", 0.667)),
                length_scale=float(inference.get("length_scale", 1.0)),
                noise_w=float(inference.get("noise_w", 0.8)),
                language=str(data.get("language", {}).get("code", "")),
                quality=str(data.get("audio", {}).get("quality", "")),
                raw=data,
            )
        except FileNotFoundError as error:
            raise VoiceInvalid(
                f"{path}: missing (a voice is an .onnx and its .onnx.json)"
            ) from error
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise VoiceInvalid(f"{path}: not a Piper voice config ({error!r})") from error
        if data.get("phoneme_type", "espeak") != "espeak":
            raise VoiceInvalid(f"{path}: phoneme_type {data['phoneme_type']!r} is not supported")
        for symbol in (BOS, EOS, PAD):
            if symbol not in config.phoneme_id_map:
                raise VoiceInvalid(f"{path}: phoneme_id_map has no {symbol!r}")
        return config


def config_path(model: Path) -> Path:
    return model.with_name(model.name + ".json")


def clauses(sentence: str) -> list[tuple[str, str]]:
    """(text, punctuation) pieces of a sentence, cut after clause and sentence punctuation."""
    pieces: list[tuple[str, str]] = []
    for match in _CLAUSE.finditer(sentence.strip()):
        text = (match.group(1) or match.group(3) or "").strip()
        mark = match.group(2) or ""
        if text:
            pieces.append((text, mark))
    return pieces


def sentence_phonemes(sentence: str, espeak_voice: str) -> list[str]:
    """The sentence's phonemes as Piper's phonemizer makes them (see the module docstring)."""
    pieces = clauses(stress.plain(sentence))  # this espeak-ng cannot read stress marks
    found = espeak.phonemes([text for text, _ in pieces], espeak_voice)
    out = ""
    for (_text, marks), phonemes in zip(pieces, found, strict=True):
        mark = next((_TERMINATOR.get(c, c) for c in reversed(marks)), "") if marks else ""
        out += " ".join(phonemes) + mark
        if mark in (",", ":", ";"):
            out += " "
    return list(unicodedata.normalize("NFD", out.strip()))


def phoneme_ids(phonemes: Sequence[str], id_map: Mapping[str, Sequence[int]]) -> list[int]:
    """BOS PAD (phoneme PAD)* EOS; phonemes the voice does not know are skipped."""
    ids = [*id_map[BOS], *id_map[PAD]]
    for phoneme in phonemes:
        if phoneme in id_map:
            ids += [*id_map[phoneme], *id_map[PAD]]
    return [*ids, *id_map[EOS]]


def inputs(
    ids: Sequence[int], config: VoiceConfig, *, speed: float = 1.0, speaker: int | None = None
) -> dict[str, np.ndarray]:
    """The model's inputs for one sentence."""
    feed: dict[str, np.ndarray] = {
        "input": np.array([ids], dtype=np.int64),
        "input_lengths": np.array([len(ids)], dtype=np.int64),
        "scales": np.array(
            [config.noise_scale, config.length_scale / speed, config.noise_w], dtype=np.float32
        ),
    }
    if config.num_speakers > 1:
        feed["sid"] = np.array([speaker or 0], dtype=np.int64)
    return feed


def to_pcm(audio: np.ndarray) -> bytes:
    """Float samples to 16-bit PCM, peak-normalized as Piper does."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak < 1e-8:
        return b""
    scaled = np.clip(audio / peak, -1.0, 1.0) * 32767
    return scaled.astype(np.int16).tobytes()


class LoadedVoice:
    """A voice's config and its onnxruntime session (one intra-op thread)."""

    def __init__(self, model: Path) -> None:
        import onnxruntime  # ~0.3 s import: only where a Piper voice is really used

        self.model = model
        self.config = VoiceConfig.read(config_path(model))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self.session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime raises its own untyped errors
            raise VoiceInvalid(f"{model}: onnxruntime cannot load it ({error})") from error

    def audio(self, ids: Sequence[int], *, speed: float, speaker: int | None) -> np.ndarray:
        result = self.session.run(None, inputs(ids, self.config, speed=speed, speaker=speaker))
        return np.asarray(result[0], dtype=np.float32).squeeze()

    def pcm(self, sentence: str, *, speed: float = 1.0, speaker: int | None = None) -> bytes:
        phonemes = sentence_phonemes(sentence, self.config.espeak_voice)
        if not phonemes:
            return b""
        ids = phoneme_ids(phonemes, self.config.phoneme_id_map)
        return to_pcm(self.audio(ids, speed=speed, speaker=speaker))


@cache
def loaded(model: str) -> LoadedVoice:
    """The process's one session per voice model."""
    return LoadedVoice(Path(model))


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class PiperEngine:
    """Neural offline speech from an installed Piper voice. Picklable: sessions live per process."""

    name = "piper"
    processes = True

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1

    def version(self) -> str:
        return _VERSION  # the voice model's own digest is in `Voice.piper_digest`

    def supports(self, lang: str) -> bool:
        return True  # any language a tour gives a Piper voice for

    def problem(self, voice: Voice) -> str | None:
        if voice.piper is None:
            return f"no Piper voice is set for {voice.lang!r} ([voice.{voice.lang}] piper = ...)"
        model = Path(voice.piper)
        if not model.is_file():
            return f"Piper voice {model} is not installed"
        try:
            config = VoiceConfig.read(config_path(model))
        except VoiceInvalid as error:
            return str(error)
        if voice.speaker is not None and not 0 <= voice.speaker < max(1, config.num_speakers):
            return (
                f"Piper voice {model.name} has no speaker {voice.speaker} ({config.num_speakers})"
            )
        return None

    def probe(self) -> str | None:
        try:
            import onnxruntime  # noqa: F401
        except ImportError as error:
            return f"onnxruntime cannot be imported: {error}"
        return None

    def synthesize(self, text: str, voice: Voice) -> bytes:
        return self.speak([text], voice).mp3

    def speak(self, sentences: Sequence[str], voice: Voice) -> Speech:
        problem = self.problem(voice)
        if problem is not None or voice.piper is None:
            raise EngineFailed(problem or "no voice")
        try:
            model = loaded(voice.piper)
        except VoiceInvalid as error:
            raise EngineFailed(str(error)) from error
        chunks = [model.pcm(s, speed=voice.speed, speaker=voice.speaker) for s in sentences]
        if not any(chunks):
            raise EngineFailed("the Piper voice produced no audio")
        pcm, starts = join_pcm(chunks, model.config.sample_rate, SENTENCE_GAP)
        return Speech(espeak.encode(pcm, model.config.sample_rate), starts)
