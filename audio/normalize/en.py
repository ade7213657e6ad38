"""English: years read as years, dates as "the eighth of December", ordinals and units.

A four-digit number from 1000 to 2099 is a year after a word that introduces one ("in",
"since", a month...) or when no word follows it ("one gives 1937,"); a day before a month is
"the eighth of December", and the year after it follows a comma, as it is said aloud. Number
words come from num2words (British style, "one hundred and five"; years "nineteen oh-five").
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from audio.normalize.scan import (
    ROMAN,
    Number,
    Rules,
    both,
    capital,
    next_word,
    number_pattern,
    numbers,
    previous_word,
    roman_range,
)

_TO = " to "
_NUMBER = number_pattern("[,\u00a0\u202f]", r"\.", r"(?P<S>s|'s|st|nd|rd|th)")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_YEAR_CUES = frozenset(
    [
        "in",
        "since",
        "from",
        "until",
        "till",
        "by",
        "of",
        "to",
        "before",
        "after",
        "around",
        "circa",
        "c",
        "year",
        "years",
        "early",
        "late",
        "mid",
        "and",
        "or",
        "between",
        "during",
        "through",
        "spring",
        "summer",
        "autumn",
        "winter",
        "fall",
    ]
    + [month.lower() for month in MONTHS]
)
# Words after which a four-digit number with no noun of its own is still a year.
_LINKS = frozenset(
    ("and", "or", "to", "until", "till", "when", "he", "she", "it", "they", "we", "the", "a",
     "was", "were", "is", "saw", "brought", "became", "began", "ended", "marked", "also")
)  # fmt: skip
UNITS: dict[str, tuple[str, str]] = {
    "km": ("kilometre", "kilometres"),
    "m": ("metre", "metres"),
    "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"),
    "kg": ("kilogram", "kilograms"),
    "ha": ("hectare", "hectares"),
    "%": ("percent", "percent"),
}
_PERCENT = re.compile(r"[\s\u00a0]?%")
_DATE_YEAR = re.compile(r",?[\s\u00a0]+(\d{4})(?![\w\u2013\u2014-])")
_CENTURY = re.compile(
    rf"(?<!\w)(?P<a>{ROMAN})(?:\s?[\u2013\u2014-]\s?(?P<b>{ROMAN}))?(?P<rest>[\s\u00a0]+centur(?:y|ies))"
)


def _century(match: re.Match[str]) -> str:
    values = roman_range(match)
    if values is None:
        return match.group(0)
    first, second = values
    words = _ordinal(first) if second is None else _ordinal(first) + _TO + _ordinal(second)
    return capital(words, match.string, match.start()) + match.group("rest")


def _render(text: str, match: re.Match[str]) -> tuple[str, int]:
    first, second = numbers(match)
    last = second or first
    prev = previous_word(text, match.start())
    word, word_end, _stop = next_word(text, match.end())

    percent = _PERCENT.match(text, match.end())
    if percent:
        return f"{both(first, second, _cardinal, _TO)} percent", percent.end()
    if last.suffix in ("s", "'s") and last.whole and last.value % 10 == 0:
        return both(first, second, _decade, _TO), match.end()
    if last.suffix in ("st", "nd", "rd", "th"):
        return both(first, second, lambda n: _ordinal(n.value), _TO), match.end()
    if word in MONTHS and second is None and first.whole and 1 <= first.value <= 31:
        return _date(text, first, word, word_end)
    if prev in [m.lower() for m in MONTHS] and 1 <= first.value <= 31 and not _year_like(first):
        return both(first, second, lambda n: _ordinal(n.value), _TO), match.end()
    if word in UNITS:
        singular, plural = UNITS[word]
        unit = singular if last.value == 1 and not last.fraction else plural
        return f"{both(first, second, _cardinal, _TO)} {unit}", word_end
    years = _year_like(first) and (second is None or _year_like(second))
    if years and (prev in _YEAR_CUES or not word or word.lower() in _LINKS):
        return both(first, second, _year, _TO), match.end()
    return both(first, second, _cardinal, _TO), match.end()


def _date(text: str, day: Number, month: str, month_end: int) -> tuple[str, int]:
    words = f"the {_ordinal(day.value)} of {month}"
    year = _DATE_YEAR.match(text, month_end)
    if year and 1000 <= int(year.group(1)) <= 2099:
        return f"{words}, {_say(int(year.group(1)), to='year')}", year.end()
    return words, month_end


def _year_like(number: Number) -> bool:
    return number.whole and len(number.digits) == 4 and 1000 <= number.value <= 2099


def _year(number: Number) -> str:
    return _say(number.value, to="year")


def _decade(number: Number) -> str:
    words = _year(number) if _year_like(number) else (_say(number.value))
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _ordinal(value: int) -> str:
    return _say(value, to="ordinal")


def _cardinal(number: Number) -> str:
    if number.fraction:
        return _say(Decimal(f"{number.value}.{number.fraction}"))
    return _say(number.value)


@functools.lru_cache(maxsize=4096)
def _say(value: int | Decimal, to: str = "cardinal") -> str:
    from num2words import num2words  # imported on first use: it loads every language (~0.15 s)

    return str(num2words(value, to=to))


RULES = Rules(_CENTURY, _century, _NUMBER, _render, _TO)
