"""No digit survives normalization of any integer, however it is written and wherever it stands."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audio.normalize import normalize

NUMBERS = st.integers(min_value=0, max_value=10**9)
DAYS = st.integers(min_value=1, max_value=31)


def grouped(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


Context = Callable[[int, int], str]  # (number, day) -> text

CONTEXTS: dict[str, list[Context]] = {
    "ru": [
        lambda n, d: str(n),
        lambda n, d: grouped(n, " "),
        lambda n, d: grouped(n, "\u00a0"),
        lambda n, d: f"В {n} году",
        lambda n, d: f"с {n} по {n + 1} год",
        lambda n, d: f"около {n} человек",
        lambda n, d: f"в {n}-х годах, до {n}-го",
        lambda n, d: f"{d} января {n} года",
        lambda n, d: f"к {d} декабря {n} г.",
        lambda n, d: f"{n}–{n + d} км, {n}%",
        lambda n, d: f"с {n % 24}:{n % 60:02d} до {d % 24}:{d:02d}",
    ],
    "kk": [
        lambda n, d: str(n),
        lambda n, d: grouped(n, " "),
        lambda n, d: f"{n} жылы",
        lambda n, d: f"{n}-жылдары, {n}-нүктесі, {n}-ге",
        lambda n, d: f"{n} жылғы {d} қаңтарда",
        lambda n, d: f"{n}–{n + d} жылдары, {n}%-ы",
        lambda n, d: f"{n},{d} км",
        lambda n, d: f"{n % 24}:{n % 60:02d}-ден",
    ],
    "en": [
        lambda n, d: str(n),
        lambda n, d: grouped(n, ","),
        lambda n, d: f"in {n}",
        lambda n, d: f"the {n}s, the {n}th",
        lambda n, d: f"{d} December {n}",
        lambda n, d: f"December {d}, {n}",
        lambda n, d: f"{n}–{n + d}, {n}.{d} km, {n}%",
        lambda n, d: f"at {n % 24}:{n % 60:02d}",
    ],
}


@pytest.mark.parametrize("lang", sorted(CONTEXTS))
@settings(max_examples=150, deadline=None)
@given(value=NUMBERS, day=DAYS)
def test_every_integer_is_read(lang: str, value: int, day: int) -> None:
    for context in CONTEXTS[lang]:
        text = context(value, day)
        spoken = normalize(text, lang)
        assert not any(char.isdigit() for char in spoken), (text, spoken)
