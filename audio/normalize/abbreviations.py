"""Abbreviations read as letters or as words: the per-language table in abbreviations.toml."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Collection
from pathlib import Path

TABLE = Path(__file__).with_name("abbreviations.toml")
_SPACE = r"[\s\u00a0]"
_ENDING = r"(?:-?(?P<ending>[a-zа-яёәғқңөұүһі]{1,6}))?"


@functools.cache
def table(lang: str) -> dict[str, str]:
    """The abbreviations of `lang` -> their spoken words."""
    with TABLE.open("rb") as file:
        data = tomllib.load(file)
    words = data.get(lang, {})
    return {str(key): str(value) for key, value in words.items()}


def _key_pattern(key: str) -> str:
    """A key as a pattern: "т. е." also matches "т.е.", a space matches any run of spaces."""
    parts: list[str] = []
    for index, char in enumerate(key):
        if char == " ":
            if key[index - 1] != ".":
                parts.append(_SPACE + "+")
        elif char == "." and index + 1 < len(key):
            parts.append(r"\." + _SPACE + "*")
        else:
            parts.append(re.escape(char))
    ending = _ENDING if key[-1].isalpha() and key.upper() == key else ""
    return "".join(parts) + ending


@functools.cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    keys = sorted(table(lang), key=len, reverse=True)
    if not keys:
        return None
    alternatives = "|".join(f"(?P<k{i}>{_key_pattern(k)})" for i, k in enumerate(keys))
    # Only the first alternative that matches may use the group name "ending".
    alternatives = alternatives.replace("(?P<ending>", "(?:", len(keys))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def expand(text: str, lang: str, keep: Collection[str] = ()) -> str:
    """Replace every abbreviation of `lang` by its words, keeping a case ending written on it.

    Words in `keep` (a tour's own [pronounce] table) are left for that table.
    """
    pattern = _pattern(lang)
    if pattern is None:
        return text
    keys = sorted(table(lang), key=len, reverse=True)

    def spoken(match: re.Match[str]) -> str:
        written = match.group(0)
        if written in keep:
            return written
        name = match.lastgroup or ""
        key = keys[int(name[1:])]
        ending = written[len(key) :].lstrip("-") if written.startswith(key) else ""
        return table(lang)[key] + ending

    return pattern.sub(spoken, text)
