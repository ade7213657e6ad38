"""What no rule can read: digits left after normalization, Latin words in Cyrillic text.

Works on a stop's whole Markdown file, line by line, so each finding names its line. Only
what is narrated is looked at (not link targets, images, HTML or code blocks), and text in
`backticks` is taken as meant to be read as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt

from audio.normalize import LANGUAGES
from audio.speech import spoken_text

_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_DIGITS = re.compile(r"[^\s\d]*\d[^\s]*")
_LATIN = re.compile(r"(?<![\w\u0300-\u036f])[A-Za-z][A-Za-z'\u2019-]*(?![\w\u0300-\u036f])")
_CYRILLIC_LANGUAGES = ("kk", "ru")
_SUSPECT = re.compile(r"\d")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_SUSPECT_CYRILLIC = re.compile(r"[\dA-Za-z]")
_TRIM = ".,;:!?()«»\"'\u201c\u201d"


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line of the Markdown file
    message: str


def findings(source: str, lang: str, pronounce: Mapping[str, str]) -> list[Finding]:
    """Every line of `source` (a stop's Markdown file) that a voice for `lang` would misread."""
    base = lang.lower().split("-")[0]
    # Normalization writes no digit and, in Kazakh and Russian, no Latin letter: a line with
    # neither cannot have a finding, and most lines need no parsing or normalizing at all.
    suspect = _SUSPECT_CYRILLIC if base in _CYRILLIC_LANGUAGES else _SUSPECT
    if base not in LANGUAGES or not suspect.search(source):
        return []
    # Kazakh may be written in its Latin alphabet: Latin words are flagged in Cyrillic text only.
    cyrillic = base in _CYRILLIC_LANGUAGES and len(_CYRILLIC.findall(source)) > len(
        _LATIN_LETTER.findall(source)
    )
    found: list[Finding] = []
    for line, text in narrated_lines(source):
        if not suspect.search(text):
            continue
        spoken = spoken_text(text, lang, pronounce)
        for word in dict.fromkeys(m.group(0).strip(_TRIM) for m in _DIGITS.finditer(spoken)):
            found.append(
                Finding(
                    line,
                    f"'{word}': no rule reads these digits in '{lang}'; write it in words "
                    f"or add it to [pronounce.{lang}] in tour.toml",
                )
            )
        if cyrillic:
            for word in dict.fromkeys(m.group(0) for m in _LATIN.finditer(spoken)):
                found.append(
                    Finding(
                        line,
                        f"'{word}' is in Latin letters inside '{lang}' text: the voice may "
                        f"misread it; add it to [pronounce.{lang}] in tour.toml",
                    )
                )
    return found


def narrated_lines(source: str) -> Iterator[tuple[int, str]]:
    """(line number, narrated text) for every source line that has narrated text."""
    for token in _MARKDOWN.parse(source):
        if token.type != "inline" or token.map is None:
            continue
        line = token.map[0] + 1
        parts: list[str] = []
        for child in token.children or []:
            if child.type == "text":
                parts.append(child.content)
            elif child.type == "code_inline":
                parts.append(" ")
            elif child.type in ("softbreak", "hardbreak"):
                if "".join(parts).strip():
                    yield line, "".join(parts)
                line, parts = line + 1, []
        if "".join(parts).strip():
            yield line, "".join(parts)
