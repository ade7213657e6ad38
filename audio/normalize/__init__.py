"""Text a voice reads right: numbers, dates, units and abbreviations spelled out as words.

`normalize(text, lang)` runs between Markdown flattening and the engine (see docs/narration.md).
Kazakh, Russian and English have rules; any other language passes through unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Collection

from audio.normalize import abbreviations, clock, en, kk, ru
from audio.normalize.scan import Rules, substitute

_RULES: dict[str, Rules] = {"en": en.RULES, "kk": kk.RULES, "ru": ru.RULES}
LANGUAGES = tuple(sorted(_RULES))


def normalize(text: str, lang: str, keep: Collection[str] = ()) -> str:
    """`text` with what the rules of `lang` read spelled out; words in `keep` left as written.

    `keep` is a tour's [pronounce] table: its words are the tour's to respell.
    """
    return _normalize(text, lang.lower().split("-")[0], frozenset(keep))


@functools.lru_cache(maxsize=8192)
def _normalize(text: str, lang: str, keep: frozenset[str]) -> str:
    """Cached: a build reads each text at its check and again when it narrates it."""
    rules = _RULES.get(lang)
    if rules is None:
        return text
    text = clock.times(text, lang)
    text = rules.century.sub(rules.say_century, text)
    text = substitute(text, rules.number, rules.render)
    return abbreviations.expand(text, lang, keep)


__all__ = ["LANGUAGES", "normalize"]
