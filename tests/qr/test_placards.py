"""Placard PDFs, read back: every code scans to its own stop and every text stays in its box."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from placard_reading import MM, Rect, read_placards
from placard_samples import ALZHIR, KK_LETTERS, LONG_TITLES, stop

from qr.codes import QUIET_ZONE, qr_matrix
from qr.placards import PlacardSet, placard_text, render_placards
from qr.strings import INSTRUCTION


def check_placards(placards: PlacardSet, layout: str) -> None:
    """Every stop has exactly one placard; its code decodes to the URL of the number it shows."""
    pdf = render_placards(placards, layout)
    read = read_placards(pdf, layout)
    by_number = {str(s.number): s for s in placards.stops}
    assert len(read) == len(placards.stops)
    assert Counter(p.number for p in read) == Counter(by_number.keys())
    for placard in read:
        assert placard.codes == [by_number[placard.number].url], f"placard {placard.number}"


@pytest.mark.parametrize("layout", ["a6", "a4"])
def test_every_code_scans_to_the_stop_whose_number_it_shows(layout: str) -> None:
    check_placards(ALZHIR, layout)


def test_pages_are_a6_and_a4_with_four_placards_a_sheet() -> None:
    a6 = pdfium.PdfDocument(render_placards(ALZHIR, "a6"))
    assert len(a6) == 7
    assert [round(v / MM) for v in a6[0].get_size()] == [105, 148]
    a4 = pdfium.PdfDocument(render_placards(ALZHIR, "a4"))
    assert len(a4) == 2
    assert [round(v / MM) for v in a4[0].get_size()] == [210, 297]
    placards = read_placards(render_placards(ALZHIR, "a4"), "a4")
    assert [p.page for p in placards] == [0, 0, 0, 0, 1, 1, 1]


def test_cut_marks_are_drawn_between_the_a4_placards() -> None:
    page = pdfium.PdfDocument(render_placards(ALZHIR, "a4"))[0]
    image = page.render(scale=200 / 72, grayscale=True).to_pil()
    width, height = image.size
    centre = image.getpixel((width // 2, height // 2))
    top_edge = image.getpixel((width // 2, round(4 * 200 / 25.4)))
    assert isinstance(centre, int) and centre < 200
    assert isinstance(top_edge, int) and top_edge < 200
    a6 = pdfium.PdfDocument(render_placards(ALZHIR, "a6"))[0]
    a6_image = a6.render(scale=200 / 72, grayscale=True).to_pil()
    corner = a6_image.crop((0, 0, a6_image.size[0], round(6 * 200 / 25.4)))
    assert corner.getextrema() == (255, 255)  # no cut marks on single A6 pages


@pytest.mark.parametrize("layout", ["a6", "a4"])
def test_text_layer_has_numbers_titles_and_instructions(layout: str) -> None:
    read = {p.number: p for p in read_placards(render_placards(ALZHIR, layout), layout)}
    for s in ALZHIR.stops:
        text = read[str(s.number)].text
        for _, title in s.titles:
            assert title in text
        for lang in ALZHIR.languages:
            assert INSTRUCTION[lang] in text
        assert s.short_url in text
        assert "АЛЖИР" in text
    every = " ".join(p.text for p in read.values())
    for letter in KK_LETTERS + KK_LETTERS.upper():
        assert letter in every, letter


@pytest.mark.parametrize("layout", ["a6", "a4"])
def test_long_titles_and_four_digit_numbers_stay_inside_their_boxes(layout: str) -> None:
    assert all(len(title) >= 80 for _, title in LONG_TITLES)
    placards = PlacardSet(
        tour_titles=[("kk", "Ахмет Байтұрсынұлының мемориалдық мұражай-үйі")] * 1
        + [("ru", "Мемориальный дом-музей Ахмета Байтурсынова")]
        + [("en", "Akhmet Baitursynov Memorial House-Museum")],
        languages=("kk", "ru", "en"),
        stops=[stop(n, *LONG_TITLES) for n in (1, 808, 2024, 9999, 8888)],
    )
    check_placards(placards, layout)
    for placard in read_placards(render_placards(placards, layout), layout):
        for _, title in LONG_TITLES:
            assert title in placard.text  # shrunk or wrapped, never cut
        assert placard.qr_box is not None
        modules = len(qr_matrix(placards.stops[0].url.replace("/1", "/" + placard.number)))
        quiet = QUIET_ZONE * (placard.qr_box.right - placard.qr_box.left) / modules
        keep_clear = Rect(
            placard.qr_box.left - quiet,
            placard.qr_box.bottom - quiet,
            placard.qr_box.right + quiet,
            placard.qr_box.top + quiet,
        )
        inside = placard.cell.shrunk(3 * MM)
        printed = [c for c in placard.chars if c.text.strip()]
        for char in printed:
            assert inside.contains(char.box), f"{char.text!r} of {placard.number} off the placard"
            assert not keep_clear.intersects(char.box), f"{char.text!r} in the QR quiet zone"
        for index, a in enumerate(printed):
            for b in printed[index + 1 :]:
                overlap = Rect(
                    max(a.box.left, b.box.left),
                    max(a.box.bottom, b.box.bottom),
                    min(a.box.right, b.box.right),
                    min(a.box.top, b.box.top),
                )
                if overlap.left < overlap.right and overlap.bottom < overlap.top:
                    area = (overlap.right - overlap.left) * (overlap.top - overlap.bottom)
                    smaller = min(
                        (c.box.right - c.box.left) * (c.box.top - c.box.bottom) for c in (a, b)
                    )
                    assert area < 0.2 * smaller, f"{a.text!r} and {b.text!r} overlap"


def test_qr_symbol_is_at_least_four_centimetres_wide() -> None:
    for layout in ("a6", "a4"):
        for placard in read_placards(render_placards(ALZHIR, layout), layout):
            assert placard.qr_box is not None
            width_mm = (placard.qr_box.right - placard.qr_box.left) / MM
            height_mm = (placard.qr_box.top - placard.qr_box.bottom) / MM
            assert width_mm >= 40 and height_mm >= 40, (layout, placard.number, width_mm)


def test_the_number_is_the_largest_text_and_very_large() -> None:
    for placard in read_placards(render_placards(ALZHIR, "a6"), "a6"):
        digits = [c for c in placard.chars if c.text.isdigit() and c.size > 40]
        height_mm = max(c.box.top - c.box.bottom for c in digits) / MM
        assert height_mm >= (18 if len(placard.number) <= 2 else 10), placard.number


def test_placard_text_lists_everything_printed() -> None:
    text = placard_text(ALZHIR)
    for s in ALZHIR.stops:
        assert str(s.number) in text and s.short_url in text
        assert all(title in text for _, title in s.titles)
    assert all(INSTRUCTION[lang] in text for lang in ALZHIR.languages)
    printed = "".join(p.text for p in read_placards(render_placards(ALZHIR, "a6"), "a6"))
    assert set(printed) - {" "} <= set(text)


def test_unknown_languages_get_the_english_instruction_once() -> None:
    placards = PlacardSet(
        tour_titles=[("de", "Gedenkstätte"), ("fr", "Mémorial")],
        languages=("de", "fr"),
        stops=[stop(1, ("de", "Ankunft"), ("fr", "Arrivée"))],
    )
    [placard] = read_placards(render_placards(placards, "a6"), "a6")
    assert placard.text.count(INSTRUCTION["en"]) == 1
    assert placard.codes == [placards.stops[0].url]


RENDER = """
import hashlib, sys
from placard_samples import *
from qr.placards import PlacardSet, render_placards
stops = [stop(1, *LONG_TITLES), stop(20, ("kk", "Вагон"))]
s = PlacardSet([("kk", "«АЛЖИР»")], ["kk", "ru", "en"], stops)
print(hashlib.sha256(render_placards(s, sys.argv[1])).hexdigest())
"""


def render_in_subprocess(layout: str, hashseed: str, epoch: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = hashseed
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    here = os.path.dirname(__file__)
    out = subprocess.run(
        [sys.executable, "-c", RENDER, layout],
        capture_output=True,
        check=True,
        text=True,
        env=env,
        cwd=here,
    )
    return out.stdout.strip()


@pytest.mark.parametrize("layout", ["a6", "a4"])
def test_same_input_same_bytes_across_processes(layout: str) -> None:
    first = render_in_subprocess(layout, "1", None)
    assert render_in_subprocess(layout, "2", None) == first
    dated = render_in_subprocess(layout, "3", "1700000000")
    assert render_in_subprocess(layout, "4", "1700000000") == dated
    assert dated != first  # SOURCE_DATE_EPOCH is honoured


def test_creation_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = render_placards(ALZHIR, "a6")
    assert b"/CreationDate (D:20231114221320Z" in pdf
    assert hashlib.sha256(pdf).digest() == hashlib.sha256(render_placards(ALZHIR)).digest()


def test_bad_layout_and_empty_tour_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown placard layout 'a5'"):
        render_placards(ALZHIR, "a5")
    with pytest.raises(ValueError, match="without stops"):
        render_placards(PlacardSet([("en", "T")], ["en"], []))


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
def test_zbar_reads_every_code_of_an_a4_sheet(tmp_path: Path) -> None:
    page = pdfium.PdfDocument(render_placards(ALZHIR, "a4"))[0]
    png = tmp_path / "sheet.png"
    page.render(scale=150 / 72, grayscale=True).to_pil().save(png)
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, check=True, text=True
    )
    assert sorted(out.stdout.split()) == sorted(s.url for s in ALZHIR.stops[:4])
