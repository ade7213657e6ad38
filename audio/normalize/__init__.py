"""Text a voice reads right: numbers, dates, units and abbreviations spelled out as words.

`normalize(text, lang)` runs between Markdown flattening and the engine (see docs/narration.md).
Kazakh, Russian and English have rules; any other language passes through unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from audio.normalize import en, kk, ru

_RULES: dict[str, Callable[[str, Collection[str]], str]] = {
    "en": en.normalize,
    "kk": kk.normalize,
    "ru": ru.normalize,
}
LANGUAGES = tuple(sorted(_RULES))


def normalize(text: str, lang: str, keep: Collection[str] = ()) -> str:
    """`text` with what the rules of `lang` read spelled out; words in `keep` left as written.

    `keep` is a tour's [pronounce] table: its words are the tour's to respell.
    """
    rules = _RULES.get(lang.lower().split("-")[0])
    return text if rules is None else rules(text, keep)


__all__ = ["LANGUAGES", "normalize"]
