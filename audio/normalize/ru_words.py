"""Russian number words in every case, and the nouns that agree with them.

Cardinals and ordinals come from num2words (its Russian module declines both in all six
cases, three genders and the plural). What it lacks is here as tables, from the standard
grammar (Розенталь, «Справочник по правописанию и стилистике», §§ on numerals; Зализняк,
«Грамматический словарь русского языка», for the noun paradigms):
- the agreement of a noun with a cardinal (1 -> nominative singular, 2-4 -> genitive
  singular, 5-20 and 0 -> genitive plural in the nominative and accusative; in the other
  cases the noun takes the numeral's case, singular after 1, plural otherwise);
- the nouns and abbreviations that follow numbers in museum texts (units, years, centuries);
- which case a preposition governs.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Literal

Case = Literal["n", "g", "d", "a", "i", "p"]  # nominative, genitive, dative, accusative, ...
Gender = Literal["m", "f", "n"]
CASES: tuple[Case, ...] = ("n", "g", "d", "a", "i", "p")

# Which case a preposition governs before a number. The first case is used when the noun
# does not tell; `в`/`на` and `по` are settled by the noun or by what the number is.
PREPOSITIONS: dict[str, tuple[Case, ...]] = {
    **dict.fromkeys(
        [
            "без",
            "для",
            "до",
            "из",
            "от",
            "у",
            "около",
            "возле",
            "после",
            "кроме",
            "среди",
            "вокруг",
            "против",
            "более",
            "менее",
            "свыше",
            "больше",
            "меньше",
            "порядка",
            "вместо",
            "мимо",
            "посреди",
            "вдоль",
            "накануне",
            "начиная",
            "из-за",
            "из-под",
        ],
        ("g",),
    ),
    "с": ("g", "i"),
    "со": ("g", "i"),
    "к": ("d",),
    "ко": ("d",),
    "благодаря": ("d",),
    "согласно": ("d",),
    "по": ("d", "a"),
    "в": ("a", "p"),
    "во": ("a", "p"),
    "на": ("a", "p"),
    "за": ("a", "i"),
    "через": ("a",),
    "про": ("a",),
    "спустя": ("a",),
    "о": ("p",),
    "об": ("p",),
    "при": ("p",),
    "над": ("i",),
    "под": ("i", "a"),
    "перед": ("i",),
    "между": ("i",),
}

MONTHS_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
# Any form of a month's name: a year right after one is "of that year" (genitive).
_SOFT_MONTHS = ("январ", "феврал", "апрел", "июн", "июл", "сентябр", "октябр", "ноябр", "декабр")
MONTH_FORMS = frozenset(
    [stem + end for stem in _SOFT_MONTHS for end in ("ь", "я", "ю", "ём", "ем", "е")]
    + [stem + end for stem in ("март", "август") for end in ("", "а", "у", "ом", "е")]
    + ["май", "мая", "маю", "маем", "мае"]
)

# Year and century nouns: form -> (case, plural). Ambiguous forms list their likelier case.
YEAR_NOUNS: dict[str, tuple[Case, bool]] = {
    "год": ("n", False),
    "года": ("g", False),
    "году": ("p", False),
    "годом": ("i", False),
    "годы": ("n", True),
    "годов": ("g", True),
    "годам": ("d", True),
    "годами": ("i", True),
    "годах": ("p", True),
}
CENTURY_NOUNS: dict[str, tuple[Case, bool]] = {
    "век": ("n", False),
    "века": ("g", False),
    "веку": ("d", False),
    "веком": ("i", False),
    "веке": ("p", False),
    "веков": ("g", True),
    "векам": ("d", True),
    "веками": ("i", True),
    "веках": ("p", True),
}

# A declined noun: six singular forms, then six plural forms, in CASES order.
Paradigm = tuple[Gender, tuple[str, ...], tuple[str, ...]]


def _hard(stem: str) -> Paradigm:  # километр, метр, процент: the regular hard masculine
    sg = (stem, stem + "а", stem + "у", stem, stem + "ом", stem + "е")
    pl = (stem + "ы", stem + "ов", stem + "ам", stem + "ы", stem + "ами", stem + "ах")
    return "m", sg, pl


def _feminine(stem: str) -> Paradigm:  # тонна, минута: the regular hard feminine in -а
    sg = (stem + "а", stem + "ы", stem + "е", stem + "у", stem + "ой", stem + "е")
    pl = (stem + "ы", stem, stem + "ам", stem + "ы", stem + "ами", stem + "ах")
    return "f", sg, pl


NOUNS: dict[str, Paradigm] = {
    "километр": _hard("километр"),
    "метр": _hard("метр"),
    "сантиметр": _hard("сантиметр"),
    "миллиметр": _hard("миллиметр"),
    "килограмм": _hard("килограмм"),
    "гектар": _hard("гектар"),
    "процент": _hard("процент"),
    "миллион": _hard("миллион"),
    "миллиард": _hard("миллиард"),
    "тонна": _feminine("тонн"),
    "минута": _feminine("минут"),
    "час": (
        "m",
        ("час", "часа", "часу", "час", "часом", "часе"),
        ("часы", "часов", "часам", "часы", "часами", "часах"),
    ),
    "тысяча": (
        "f",
        ("тысяча", "тысячи", "тысяче", "тысячу", "тысячей", "тысяче"),
        ("тысячи", "тысяч", "тысячам", "тысячи", "тысячами", "тысячах"),
    ),
    "рубль": (
        "m",
        ("рубль", "рубля", "рублю", "рубль", "рублём", "рубле"),
        ("рубли", "рублей", "рублям", "рубли", "рублями", "рублях"),
    ),
    "человек": (  # after numbers the genitive plural is "человек", not "людей"
        "m",
        ("человек", "человека", "человеку", "человека", "человеком", "человеке"),
        ("человек", "человек", "людям", "человек", "людьми", "людях"),
    ),
}

# Abbreviations written after a number -> the noun they stand for.
UNITS: dict[str, str] = {
    "км": "километр",
    "м": "метр",
    "см": "сантиметр",
    "мм": "миллиметр",
    "кг": "килограмм",
    "т": "тонна",
    "га": "гектар",
    "%": "процент",
    "ч": "час",
    "мин": "минута",
    "тыс": "тысяча",
    "млн": "миллион",
    "млрд": "миллиард",
    "руб": "рубль",
    "чел": "человек",
}


def agree(noun: str, value: int | None, case: Case) -> str:
    """The noun's form after a cardinal `value` in `case` (None: a fraction, genitive singular)."""
    _gender, singular, plural = NOUNS[noun]
    index = CASES.index(case)
    genitive = CASES.index("g")
    if value is None:
        return singular[genitive]
    one = value % 10 == 1 and value % 100 != 11
    if case in ("n", "a"):
        if one:
            return singular[index]
        if value % 10 in (2, 3, 4) and value % 100 not in (12, 13, 14):
            return singular[genitive]
        return plural[genitive]
    return singular[index] if one else plural[index]


def gender_of(noun: str) -> Gender:
    return NOUNS[noun][0]


@functools.lru_cache(maxsize=4096)
def cardinal(value: int, case: Case = "n", gender: Gender = "m") -> str:
    """A cardinal in `case`; the accusative is the inanimate one; "тысяча", not "одна тысяча"."""
    from num2words import num2words  # imported on first use: it loads every language (~0.15 s)

    words = str(num2words(value, lang="ru", case=case, gender=gender, animate=False))
    if 1000 <= value < 2000:
        words = words.split(" ", 1)[1]  # "одна тысяча девятьсот" -> "тысяча девятьсот"
    return words


@functools.lru_cache(maxsize=4096)
def ordinal(value: int, case: Case = "n", gender: Gender = "m", plural: bool = False) -> str:
    from num2words import num2words

    return str(
        num2words(value, lang="ru", to="ordinal", case=case, gender=gender, plural=plural,
                  animate=False)
    )  # fmt: skip


def decimal(whole: int, fraction: str) -> str:
    """ "2,5" -> "две целых пять десятых" (num2words' reading, in the nominative)."""
    from num2words import num2words

    return str(num2words(Decimal(f"{whole}.{fraction}"), lang="ru"))


@functools.lru_cache(maxsize=1024)
def ordinal_forms(value: int) -> tuple[tuple[str, Case, Gender, bool], ...]:
    """Every form of an ordinal: (words, case, gender, plural), masculine nominative first."""
    forms: list[tuple[str, Case, Gender, bool]] = []
    for plural in (False, True):
        for case in CASES:
            genders: tuple[Gender, ...] = ("m",) if plural else ("m", "f", "n")
            forms.extend(
                (ordinal(value, case, gender, plural), case, gender, plural) for gender in genders
            )
    return tuple(forms)
