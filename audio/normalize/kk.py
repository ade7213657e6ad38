"""Kazakh: ordinals where the text means them, endings kept on the words they belong to.

A number before any form of "жыл" (year) from 1000 up, or before "жылдар-" as a decade, is an
ordinal ("1937 жылы" -> "мың тоғыз жүз отыз жетінші жылы"); so is a day before a month
("8 желтоқсанда" -> "сегізінші желтоқсанда"), a number before "ғасыр", a Roman numeral before
"ғасыр", and a number joined by a hyphen to a word ("26-нүктесі" -> "жиырма алтыншы
нүктесі"). A hyphen followed by case endings keeps them on the cardinal ("500-ге" ->
"бес жүзге"); the writer chose their form for the spoken word, so they are kept as written.
"""

from __future__ import annotations

import re

from audio.normalize.kk_words import (
    MONTHS,
    ORDINAL_ENDINGS,
    UNITS,
    cardinal,
    decimal,
    is_ending,
    ordinal,
)
from audio.normalize.scan import (
    ROMAN,
    Number,
    Rules,
    after_period,
    both,
    capital,
    next_word,
    number_pattern,
    numbers,
    roman_range,
)

_LETTERS = "а-яёәғқңөұүһі"
_NUMBER = number_pattern("[ \u00a0\u202f]", ",", rf"-(?P<S>[{_LETTERS}]+)")
_PERCENT = re.compile(rf"[\s\u00a0]?%(?:-(?P<ending>[{_LETTERS}]+))?")
_CENTURY = re.compile(
    rf"(?<!\w)(?P<a>{ROMAN})(?:\s?[\u2013\u2014-]\s?(?P<b>{ROMAN}))?(?P<space>[\s\u00a0]+)"
    r"(?P<noun>ғасыр\w*|ғғ?\.)"
)
_DASH = " \u2013 "


def _century(match: re.Match[str]) -> str:
    values = roman_range(match)
    if values is None:
        return match.group(0)
    first, second = values
    noun = match.group("noun")
    if noun.endswith("."):
        tail = after_period(match.string, match.end() - 1)[1]
        noun = {"ғ.": "ғасыр", "ғғ.": "ғасырлар"}[noun] + tail
    words = ordinal(first) if second is None else ordinal(first) + _DASH + ordinal(second)
    return capital(words, match.string, match.start()) + match.group("space") + noun


def _render(text: str, match: re.Match[str]) -> tuple[str, int]:
    first, second = numbers(match)
    last = second or first
    word, word_end, stop = next_word(text, match.end())
    lower = word.lower()

    percent = _PERCENT.match(text, match.end())
    if percent:
        words = both(first, second, _cardinal, _DASH)
        return f"{words} пайыз{percent.group('ending') or ''}", percent.end()
    if last.suffix:
        return _suffixed(first, second, last.suffix), match.end()
    unit, _, ending = lower.partition("-")
    if unit in UNITS and (stop or ending or len(unit) > 1):
        is_year = unit in ("ж", "жж", "ғ", "ғғ")
        words = both(first, second, _ordinal if is_year else _cardinal, _DASH)
        end, tail = word_end, ""
        if stop and not ending and unit in ("ж", "жж", "ғ", "ғғ"):
            end, tail = after_period(text, word_end)
        return f"{words} {UNITS[unit]}{ending}{tail}", end
    if _is_ordinal(last, lower):
        return both(first, second, _ordinal, _DASH), match.end()
    return both(first, second, _cardinal, _DASH), match.end()


def _is_ordinal(number: Number, word: str) -> bool:
    if not number.whole:
        return False
    if word.startswith("жыл"):
        return number.value >= 1000 or (word.startswith("жылдар") and number.value % 10 == 0)
    if word.startswith(tuple(MONTHS)):
        return 1 <= number.value <= 31
    if word.startswith("ғасыр"):
        return True
    return not word and len(number.digits) == 4 and 1000 <= number.value <= 2100


def _suffixed(first: Number, second: Number | None, suffix: str) -> str:
    """ "26-нүктесі": ordinal and word; "500-ге": cardinal and ending; "5-ші": an ordinal."""
    for marker in sorted(ORDINAL_ENDINGS, key=len, reverse=True):
        if suffix.startswith(marker) and is_ending(suffix[len(marker) :]):
            return both(first, second, _ordinal, _DASH) + suffix[len(marker) :]
    if is_ending(suffix):
        return both(first, second, _cardinal, _DASH) + suffix
    return f"{both(first, second, _ordinal, _DASH)} {suffix}"


def _cardinal(number: Number) -> str:
    return cardinal(number.value) if number.whole else decimal(number.value, number.fraction)


def _ordinal(number: Number) -> str:
    return ordinal(number.value) if number.whole else decimal(number.value, number.fraction)


RULES = Rules(_CENTURY, _century, _NUMBER, _render, _DASH)
