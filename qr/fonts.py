"""Finding a font whose glyphs cover every character a placard prints.

A placard that prints Kazakh letters as empty boxes is worse than none, so the font is
chosen by its cmap, never by its name alone: `--font PATH` when given (and only it),
else the first common system font that covers the whole text.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

logger = logging.getLogger(__name__)

# The Debian package CI installs; DejaVu (fonts-dejavu-core) covers Kazakh too.
FONT_PACKAGE = "fonts-noto-core"
FONT_SUFFIXES = (".ttf", ".otf")

# Tried first, in this order: sober sans-serifs with wide Latin + Cyrillic (Kazakh) coverage.
PREFERRED = (
    "NotoSans-Regular.ttf",
    "DejaVuSans.ttf",
    "LiberationSans-Regular.ttf",
    "FreeSans.ttf",
    "Arial.ttf",
    "arial.ttf",
)


class FontError(Exception):
    """No usable font covers the text to print."""


def font_dirs() -> list[Path]:
    """Where fonts are looked for, most local first."""
    home = Path.home()
    dirs = [home / ".local/share/fonts", home / ".fonts"]
    data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    dirs += [Path(d) / "fonts" for d in data_dirs.split(":") if d]
    if sys.platform == "darwin":
        dirs += [home / "Library/Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", "C:\\Windows")) / "Fonts")
    unique: list[Path] = []
    for folder in dirs:
        if folder not in unique:
            unique.append(folder)
    return unique


def printed_chars(text: str) -> list[str]:
    """The distinct characters of `text` that need a glyph (controls like newline don't)."""
    return sorted({c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp")})


@functools.lru_cache(maxsize=512)
def _cmap(path: Path) -> frozenset[int]:
    try:
        with path.open("rb") as file, TTFont(file, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, AssertionError, KeyError, ValueError) as error:
        logger.debug("skipping unreadable font %s: %s", path, error)
        return frozenset()


def missing_chars(path: Path, text: str) -> list[str]:
    """The characters of `text` that the font at `path` has no glyph for."""
    cmap = _cmap(path)
    return [c for c in printed_chars(text) if ord(c) not in cmap]


def describe(chars: Iterable[str]) -> str:
    """'ә, ң (U+04D9, U+04A3)': the characters and their code points, for messages."""
    chars = list(chars)
    return f"{', '.join(chars)} ({', '.join(f'U+{ord(c):04X}' for c in chars)})"


def system_fonts() -> Iterator[Path]:
    """Candidate font files: preferred names first, then every other font, sorted."""
    files: list[Path] = []
    for folder in font_dirs():
        if folder.is_dir():
            files += sorted(
                p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file()
            )
    by_name: dict[str, Path] = {}
    for path in files:
        by_name.setdefault(path.name, path)
    yielded: set[Path] = set()
    for name in PREFERRED:
        if name in by_name:
            yielded.add(by_name[name])
            yield by_name[name]
    for path in files:
        if path not in yielded:
            yield path


def find_font(text: str, font: Path | None = None) -> Path:
    """A TTF/OTF font whose cmap covers every character of `text`.

    `font` (from `--font PATH`) is the only candidate when given. Raises FontError naming
    the characters no font covers.
    """
    if font is not None:
        if not font.is_file():
            raise FontError(f"font not found: {font}")
        if font.suffix.lower() not in FONT_SUFFIXES:
            raise FontError(f"font must be a .ttf or .otf file: {font}")
        if not _cmap(font):
            raise FontError(f"font has no readable character map: {font}")
        missing = missing_chars(font, text)
        if missing:
            raise FontError(
                f"font {font} does not cover: {describe(missing)}; "
                "pass --font with a font that has these letters"
            )
        return font
    best: list[str] | None = None
    for path in system_fonts():
        if not _cmap(path):
            continue
        missing = missing_chars(path, text)
        if not missing:
            logger.debug("placard font: %s", path)
            return path
        if best is None or len(missing) < len(best):
            best = missing
    if best is None:
        dirs = ", ".join(str(d) for d in font_dirs())
        raise FontError(f"no font found in {dirs}; install {FONT_PACKAGE} or pass --font PATH")
    raise FontError(f"no font covers: {describe(best)}; install {FONT_PACKAGE} or pass --font PATH")


def find_bold(regular: Path, text: str) -> Path | None:
    """The bold face beside `regular` (same family, same folder) if it covers `text`."""
    stem = regular.stem
    base = stem.removesuffix("-Regular").removesuffix("Regular").removesuffix("-Book")
    names = [f"{base}-Bold", f"{base}Bold", f"{base}bd", f"{base}-bold"]
    for name in names:
        for suffix in (regular.suffix, *FONT_SUFFIXES):
            candidate = regular.with_name(name + suffix)
            usable = candidate != regular and candidate.is_file() and bool(_cmap(candidate))
            if usable and not missing_chars(candidate, text):
                return candidate
    return None
