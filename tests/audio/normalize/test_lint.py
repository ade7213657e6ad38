"""What no rule can read is found with the line it is on."""

from __future__ import annotations

from audio.normalize.lint import findings, narrated_lines

RUSSIAN = """# Танк Т34

Музей открыт в 1997 году.
Рядом стоит самолёт Ан2 и вывеска
ALZHIR Museum.

![photo 1](image1.jpg) [сайт](https://example.org/page2) и `code3`.
"""


def test_digits_and_latin_words_are_found_on_their_lines() -> None:
    found = {(f.line, f.message.split("'")[1]) for f in findings(RUSSIAN, "ru", {})}
    assert found == {(1, "Т34"), (4, "Ан2"), (5, "ALZHIR"), (5, "Museum")}


def test_a_pronounce_entry_settles_a_word() -> None:
    pronounce = {"Т34": "тэ тридцать четыре", "ALZHIR": "Алжир", "Museum": "музеум"}
    found = {(f.line, f.message.split("'")[1]) for f in findings(RUSSIAN, "ru", pronounce)}
    assert found == {(4, "Ан2")}


def test_the_message_says_what_to_do() -> None:
    messages = [f.message for f in findings("# Title\n\nA4 paper.\n", "en", {})]
    assert messages == [
        "'A4': no rule reads these digits in 'en'; write it in words "
        "or add it to [pronounce.en] in tour.toml"
    ]


def test_latin_words_are_fine_in_english_and_other_languages_are_not_checked() -> None:
    assert findings("# Title\n\nThe NKVD in 1937.\n", "en", {}) == []
    assert findings("# Titel\n\nIm Jahr 1937 A4.\n", "de", {}) == []


def test_kazakh_text_is_checked_like_russian() -> None:
    found = [
        (f.line, f.message.split("'")[1])
        for f in findings("# Атауы\n\nKarlag 1937 жылы.\n", "kk", {})
    ]
    assert found == [(3, "Karlag")]


def test_only_narrated_text_is_read_each_on_its_line() -> None:
    lines = list(narrated_lines("# Title\n\n- one\n- two\n  still two\n\n```\ncode 42\n```\n"))
    assert lines == [(1, "Title"), (3, "one"), (4, "two"), (5, "still two")]


def test_kazakh_in_its_latin_alphabet_is_not_flagged() -> None:
    latin = "# Kirispe\n\nBul jerde áıelder turdy. Lager 1937 jyly ashyldy.\n"
    assert [f.message.split("'")[1] for f in findings(latin, "kk", {})] == []
