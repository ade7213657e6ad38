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


PIECES = st.sampled_from(
    ["0", "1", "7", "12", "1937", "2000", "18 000", "18,000", "2,5", "2.5", "10:30", "25:99",
     " ", "  ", "\u00a0", "-", "–", "—", ".", ",", "%", ":", "«", "»", "(", ")", "'",
     "в", "с", "по", "около", "году", "года", "г.", "гг.", "января", "мая", "км", "т", "м",
     "жылы", "жылдары", "қаңтарда", "ж.", "ғ.", "ғасыр", "нүктесі", "ге", "ші", "XX", "XIX",
     "век", "в.", "вв.", "century", "in", "December", "s", "th", "km", "%-ы", "-го", "-х",
     "НКВД", "ГУЛАГ", "ГУЛАГа", "т. е.", "т.б.", "A4", "Т-34", "I", "V", "MMMM"]
)  # fmt: skip


@pytest.mark.parametrize("lang", sorted(CONTEXTS))
@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(PIECES, max_size=12))
def test_any_text_is_read_without_error(lang: str, pieces: list[str]) -> None:
    """Mixed-up numbers, units, suffixes and numerals never raise (an error would stop a build)."""
    text = "".join(pieces)
    spoken = normalize(text, lang)
    assert set(text) & set("0123456789") >= set(spoken) & set("0123456789")  # no digit invented
