"""`audioguide placards`: one tour's PDF, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from guide.cli import main


def test_writes_the_a4_sheets_of_a_sample_tour(
    samples: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alzhir = next(p for p in samples if p.name == "alzhir")
    output = tmp_path / "alzhir.pdf"
    assert main(["placards", str(alzhir), "--layout", "a4", "-o", str(output)]) == 0
    assert "13 placards, layout a4" in capsys.readouterr().out
    pdf = pypdfium2.PdfDocument(output)
    try:
        assert len(pdf) == 4  # 13 placards, four a page
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "audioguide.example.org/alzhir/1" in text
    assert [p.name for p in tmp_path.iterdir()] == ["alzhir.pdf"]  # no temporary left


def test_a_font_that_cannot_be_used_writes_nothing(
    samples: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.pdf"
    argv = ["placards", str(samples[0]), "--font", str(tmp_path / "no.ttf"), "-o", str(output)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "placards:" in err and "no.ttf" in err and "Traceback" not in err
    assert not output.exists()
