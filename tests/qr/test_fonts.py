"""Fonts are chosen by their cmap; a missing glyph stops the build with the characters named."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from placard_samples import KK_LETTERS, stop

from qr.fonts import FontError, find_bold, find_font
from qr.placards import PlacardSet, placard_text, render_placards

KAZAKH = "Байтұрсынұлы әліпбиі: " + KK_LETTERS + KK_LETTERS.upper()
NO_FONT_HAS = "\U0010fffd"  # plane-16 private use: no font in any distribution maps it


def latin_only_font(path: Path) -> Path:
    """A real TrueType font whose cmap holds ASCII only (each glyph a plain box)."""
    chars = [chr(c) for c in range(0x20, 0x7F)]
    names = [".notdef", *(f"uni{ord(c):04X}" for c in chars)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()
    box = pen.glyph()
    builder.setupGlyf({name: box for name in names})
    builder.setupHorizontalMetrics({name: (500, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Narrow Latin", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


def kazakh_set() -> PlacardSet:
    return PlacardSet(
        tour_titles=[("kk", "Ахмет Байтұрсынұлының мұражай-үйі")],
        languages=["kk", "ru"],
        stops=[
            stop(1, ("kk", "Жұмыс бөлмесі: " + " ".join(KK_LETTERS)), ("ru", "Рабочий кабинет"))
        ],
    )


def test_system_font_covers_kazakh_russian_and_latin() -> None:
    font = find_font(KAZAKH + " Рабочий кабинет Akhmet's study «»·")
    with TTFont(font, lazy=True) as opened:
        cmap = opened.getBestCmap()
    assert all(ord(c) in cmap for c in KAZAKH + "«»·")


def test_bold_face_is_found_beside_the_regular_one() -> None:
    regular = find_font(KAZAKH)
    bold = find_bold(regular, KAZAKH)
    assert bold is not None and bold != regular and "bold" in bold.name.lower()


def test_given_font_is_used_when_it_covers_the_text(tmp_path: Path) -> None:
    font = latin_only_font(tmp_path / "narrow.ttf")
    assert find_font("Scan the code 12", font) == font
    placards = PlacardSet([("en", "Memorial")], ["en"], [stop(3, ("en", "The Arch"))])
    assert render_placards(placards, "a6", font).startswith(b"%PDF")


def test_given_font_missing_kazakh_letters_fails_naming_them(tmp_path: Path) -> None:
    font = latin_only_font(tmp_path / "narrow.ttf")
    with pytest.raises(FontError) as caught:
        render_placards(kazakh_set(), "a6", font)
    message = str(caught.value)
    assert str(font) in message
    for letter in KK_LETTERS:
        assert letter in message and f"U+{ord(letter):04X}" in message


def test_a_glyph_no_installed_font_has_fails_naming_it() -> None:
    placards = PlacardSet(
        [("kk", "АЛЖИР")], ["kk"], [stop(1, ("kk", f"Тұтқындар вагоны {NO_FONT_HAS}"))]
    )
    with pytest.raises(FontError, match=r"no font covers: .* \(U\+10FFFD\); install fonts-noto"):
        find_font(placard_text(placards))
    with pytest.raises(FontError, match="U\\+10FFFD"):
        render_placards(placards, "a4")


def test_unusable_font_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FontError, match="font not found"):
        find_font("abc", tmp_path / "missing.ttf")
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font")
    with pytest.raises(FontError, match="no readable character map"):
        find_font("abc", not_a_font)
    with pytest.raises(FontError, match=r"\.ttf or \.otf"):
        find_font("abc", not_a_font.rename(tmp_path / "fake.woff2"))
