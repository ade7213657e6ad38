"""Russian: numbers read in the case the sentence needs.

The case comes from, in order: the noun after the number ("году" -> prepositional), a suffix
written after it ("1937-го", "1930-х"), the preposition before it ("около 500" -> genitive),
else the nominative. What a number is comes from its neighbours: before a month's genitive it
is a day ("6 января" -> "шестого января"), after a month or before "год" it is a year (an
ordinal), a four-digit number from 1000 to 2100 that no noun follows is a year too.
"""

from __future__ import annotations

import re

from audio.normalize.ru_words import (
    CENTURY_NOUNS,
    MONTH_FORMS,
    MONTHS_GENITIVE,
    PREPOSITIONS,
    UNITS,
    YEAR_NOUNS,
    Case,
    Gender,
    agree,
    cardinal,
    decimal,
    gender_of,
    ordinal,
    ordinal_forms,
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
    previous_word,
    roman_range,
)

_NUMBER = number_pattern("[ \u00a0\u202f]", ",", r"-(?P<S>[а-яё]+)")
_PERCENT = re.compile(r"[\s\u00a0]?%")
_CENTURY = re.compile(
    rf"(?<!\w)(?P<a>{ROMAN})(?:\s?[\u2013\u2014-]\s?(?P<b>{ROMAN}))?(?P<space>[\s\u00a0]+)"
    r"(?P<noun>век(?:а|у|ом|е|ов|ам|ами|ах)?(?!\w)|вв?\.)"
)
_YEAR_FORMS = {(c, p): noun for noun, (c, p) in YEAR_NOUNS.items()} | {
    ("a", False): "год",
    ("a", True): "годы",
    ("d", False): "году",
}
_CENTURY_FORMS = {(c, p): noun for noun, (c, p) in CENTURY_NOUNS.items()} | {
    ("a", False): "век",
    ("a", True): "века",
    ("n", True): "века",
}
# Words after which a four-digit number with no noun of its own is still a year.
_LINKS = frozenset(
    ("по", "до", "и", "или", "а", "но", "когда", "где", "как", "же", "—", "–", "с", "в", "на",
     "к", "от", "был", "стал", "стала", "принёс")
)  # fmt: skip
_DASH = " \u2013 "
_PERIOD_UNITS = frozenset(["тыс", "руб", "чел", "мин", "ч"])  # written with a full stop


def _century(match: re.Match[str]) -> str:
    prep = previous_word(match.string, match.start())
    noun = match.group("noun")
    values = roman_range(match)
    if values is None:
        return match.group(0)
    first, second = values
    tail = ""
    if noun.endswith("."):  # "в." / "вв.": the case comes from the preposition
        case: Case = "p" if prep in ("в", "во", "о", "при") else _governed(prep, "g")
        spoken = _CENTURY_FORMS[(case, noun == "вв.")]
        tail = after_period(match.string, match.end() - 1)[1]
    else:
        case = CENTURY_NOUNS[noun][0]
        if case == "n" and prep in PREPOSITIONS:
            case = "a"
        spoken = noun
    words = ordinal(first, case)  # "XIX–XX веков": each ordinal singular, the noun plural
    if second is not None:
        words += _DASH + ordinal(second, case)
    return capital(words, match.string, match.start()) + match.group("space") + spoken + tail


def _render(text: str, match: re.Match[str]) -> tuple[str, int]:
    first, second = numbers(match)
    prep = previous_word(text, match.start())
    noun, noun_end, stop = next_word(text, match.end())
    lower = noun.lower()
    last = second or first
    end = match.end()

    percent = _PERCENT.match(text, match.end())
    if percent and last.whole:
        return _with_unit(first, second, prep, "процент"), percent.end()
    if last.suffix:
        return both(first, second, lambda n: _by_suffix(n, last.suffix, prep, lower), _DASH), end
    if (lower in YEAR_NOUNS or (lower in ("г", "гг") and stop)) and _a_year(last, lower):
        case, plural = _year_case(prep, lower)
        plural = plural and second is None  # "в 1937–1938 годах": each year singular
        words = both(first, second, lambda n: ordinal(n.value, case, "m", plural), _DASH)
        if lower in ("г", "гг"):
            end, tail = after_period(text, noun_end)
            return f"{words} {_YEAR_FORMS[(case, lower == 'гг')]}{tail}", end
        return words, end
    if prep in MONTH_FORMS and first.whole:
        return both(first, second, lambda n: ordinal(n.value, "g"), _DASH), end
    if lower in MONTHS_GENITIVE and 1 <= last.value <= 31 and last.whole:
        case = _governed(prep, "g", accusative=("по", "на", "за", "через"))
        return both(first, second, lambda n: ordinal(n.value, case, "n"), _DASH), end
    if lower in UNITS:
        words = _with_unit(first, second, prep, UNITS[lower])
        if stop and lower in _PERIOD_UNITS:
            end, tail = after_period(text, noun_end)
            return words + tail, end
        return words, noun_end
    if _is_year(last, lower) and (second is None or _is_year(first, lower)):
        case = "p" if prep in ("в", "во") else _governed(prep, "n", accusative=("по", "на"))
        return both(first, second, lambda n: ordinal(n.value, case), _DASH), end
    case = _cardinal_case(prep, lower)
    gender = _gender(lower, last.value)
    return both(first, second, lambda n: _cardinal(n, case, gender), _DASH), end


def _cardinal(number: Number, case: Case, gender: Gender) -> str:
    if not number.whole:
        return decimal(number.value, number.fraction)
    return cardinal(number.value, case, gender)


def _with_unit(first: Number, second: Number | None, prep: str, noun: str) -> str:
    case = "p" if prep in ("в", "во") else _governed(prep, "n", accusative=("на", "за", "через"))
    gender = gender_of(noun)
    last = second or first
    return f"{both(first, second, lambda n: _cardinal(n, case, gender), _DASH)} " + agree(
        noun, last.value if last.whole else None, case
    )


def _by_suffix(number: Number, suffix: str, prep: str, noun: str) -> str:
    """The ordinal form that ends as written ("-го", "-х", "-я"), in the case the context needs."""
    forms = [f for f in ordinal_forms(number.value) if f[0].endswith(suffix)]
    if not forms:
        return ordinal(number.value)
    decade = number.value % 10 == 0 and suffix in ("е", "х", "ми")
    if decade or noun in ("годы", "годов", "годам", "годами", "годах"):
        forms = [f for f in forms if f[3]] or forms
    wanted: tuple[Case, ...] = ()
    if noun in YEAR_NOUNS:
        wanted = (_year_case(prep, noun)[0],)
    elif prep in PREPOSITIONS:
        wanted = ("p", "a") if prep in ("в", "во") else PREPOSITIONS[prep]
    for case in wanted:
        for form in forms:
            if form[1] == case:
                return form[0]
    return forms[0][0]


def _year_case(prep: str, noun: str) -> tuple[Case, bool]:
    if noun in ("г", "гг"):
        plural = noun == "гг"
        if prep in ("в", "во", "о", "при"):
            return "p", plural
        return _governed(prep, "g"), plural
    case, plural = YEAR_NOUNS[noun]
    if case == "n" and prep in PREPOSITIONS:
        case = "a"
    if noun == "году" and prep in ("к", "ко", "по", "благодаря", "согласно"):
        case = "d"
    return case, plural


def _governed(prep: str, default: Case, accusative: tuple[str, ...] = ()) -> Case:
    if prep in accusative:
        return "a"
    cases = PREPOSITIONS.get(prep)
    return cases[0] if cases else default


def _cardinal_case(prep: str, noun: str) -> Case:
    cases = PREPOSITIONS.get(prep, ())
    for endings, case in ((("ах", "ях"), "p"), (("ами", "ями", "ьми"), "i"), (("ам", "ям"), "d")):
        if case in cases and noun.endswith(endings):
            return case
    if not cases:
        return "n"
    return cases[0]


def _gender(noun: str, value: int) -> Gender:
    """From the noun's ending, for "одна"/"одно"/"две" (Зализняк's declension types)."""
    if value % 10 == 1 and value % 100 != 11:
        if noun.endswith(("а", "я")):
            return "f"
        if noun.endswith(("о", "е")):
            return "n"
    if value % 10 == 2 and value % 100 != 12 and noun.endswith(("ы", "и")):
        return "f"
    return "m"


def _a_year(number: Number, noun: str) -> bool:
    """ "в 988 году", "1937 год" are years; "21 год", "2 года" are how long (cardinals)."""
    return number.whole and (number.value >= 1000 or noun in ("году", "годом", "годах", "г"))


def _is_year(number: Number, noun: str) -> bool:
    return (
        number.whole
        and len(number.digits) == 4
        and 1000 <= number.value <= 2100
        and (not noun or noun in _LINKS)
    )


RULES = Rules(_CENTURY, _century, _NUMBER, _render, _DASH)
