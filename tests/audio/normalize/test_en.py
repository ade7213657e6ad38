"""English: years as years, dates as spoken, ordinals, ranges, thousands, units."""

from __future__ import annotations

import pytest

from audio.normalize import normalize

CASES = [
    ("in 1937", "in nineteen thirty-seven"),
    ("In 1937 she", "In nineteen thirty-seven she"),
    ("8 December 1937", "The eighth of December, nineteen thirty-seven"),
    ("on 6 January 1938.", "on the sixth of January, nineteen thirty-eight."),
    ("On 8 October 1937 he", "On the eighth of October, nineteen thirty-seven he"),
    ("December 8, 1937, he", "December eighth, nineteen thirty-seven, he"),
    ("In June 1929 he", "In June nineteen twenty-nine he"),
    ("from 1934 until 1937", "from nineteen thirty-four until nineteen thirty-seven"),
    ("one gives 1937, another", "one gives nineteen thirty-seven, another"),
    ("opened in 1997.", "opened in nineteen ninety-seven."),
    ("in 1905", "in nineteen oh-five"),
    ("in 1900", "in nineteen hundred"),
    ("in 2000", "in two thousand"),
    ("in 2021", "in twenty twenty-one"),
    ("the 1930s", "the nineteen thirties"),
    ("the early 1950s.", "the early nineteen fifties."),
    ("the 1900s", "the nineteen hundreds"),
    ("1937–1938", "Nineteen thirty-seven to nineteen thirty-eight"),
    ("in 1937-1938", "in nineteen thirty-seven to nineteen thirty-eight"),
    ("5–10 years", "Five to ten years"),
    ("the 20th century", "the twentieth century"),
    ("the 26th point", "the twenty-sixth point"),
    ("1st, 2nd, 3rd", "First, second, third"),
    ("XX century", "Twentieth century"),
    ("the XIX–XX centuries", "the nineteenth to twentieth centuries"),
    ("18,000 women", "Eighteen thousand women"),
    ("about 7,000 names", "about seven thousand names"),
    ("1,000,000,000", "One billion"),
    ("about 500 exhibits", "about five hundred exhibits"),
    ("number 300", "number three hundred"),
    ("2000 people", "Two thousand people"),
    ("about 38 km from", "about thirty-eight kilometres from"),
    ("1 km", "One kilometre"),
    ("2.5 km", "Two point five kilometres"),
    ("40 ha", "Forty hectares"),
    ("50%", "Fifty percent"),
    ("1937 was a year", "Nineteen thirty-seven was a year"),
    ("open 10:00 to 18:00", "open ten o'clock to eighteen hundred"),
    ("at 9:05", "at nine oh five"),
    ("NKVD of the USSR", "N K V D of the U S S R"),
    ("the Gulag", "the Goolag"),
    ("OGPU", "O G P U"),
    ("ALZHIR", "ALZHIR"),
]


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_english(written: str, spoken: str) -> None:
    assert normalize(written, "en") == spoken


def test_other_languages_pass_through() -> None:
    assert normalize("Am 8. Dezember 1937", "de") == "Am 8. Dezember 1937"
    assert normalize("in 1937", "en-GB") == "in nineteen thirty-seven"
