"""`audioguide placards`: one tour's PDF, written whole or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest

from guide.cli import main


def test_writes_the_a4_sheets_of_a_sample_tour(
    samples: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alzhir = next(p for p in samples if p.name == "alzhir")
    output = tmp_path / "alzhir.pdf"
    argv = ["placards", str(alzhir), "--layout", "a4", "--base-url", "https://audioguide.museum"]
    assert main([*argv, "-o", str(output)]) == 0
    assert "13 placards, layout a4" in capsys.readouterr().out
    pdf = pypdfium2.PdfDocument(output)
    try:
        assert len(pdf) == 4  # 13 placards, four a page
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "audioguide.museum/alzhir/1" in text
    assert "DRAFT" not in text
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


def _pages_text(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def test_a_placeholder_address_is_refused_unless_draft(
    new_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.pdf"
    capsys.readouterr()
    assert main(["placards", str(new_tour), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert "tour.toml: base_url 'https://guide.example.org' is a placeholder" in err
    assert "--draft" in err and "Traceback" not in err
    assert not output.exists()

    assert main(["placards", str(new_tour), "--draft", "-o", str(output)]) == 0
    assert "2 placards (DRAFT: placeholder address)" in capsys.readouterr().out
    pages = _pages_text(output)
    assert len(pages) == 2
    assert all("DRAFT" in text and "guide.example.org/my-tour/" in text for text in pages)


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://guide.example.org", True),
        ("https://example.com/tours", True),
        ("https://a.b.example.net", True),
        ("http://museum.example", True),
        ("https://tours.test", True),
        ("https://x.invalid", True),
        ("http://localhost:8000", True),
        ("http://app.localhost", True),
        ("https://EXAMPLE.ORG.", True),
        ("https://alzhir.kz", False),
        ("https://example.kz", False),
        ("https://notexample.com", False),
        ("http://127.0.0.1:8000", False),
    ],
)
def test_placeholder_addresses(url: str, placeholder: bool) -> None:
    from guide.placeholder import is_placeholder

    assert is_placeholder(url) is placeholder


def test_build_warns_for_every_placeholder_tour(
    new_tour: Path, tmp_path: Path, narration_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    shutil.copytree(new_tour, other)
    toml = other / "tour.toml"
    toml.write_text(toml.read_text().replace('"my-tour"', '"other-tour"'))
    argv = ["build", str(new_tour), str(other), "--engine", "espeak"]
    capsys.readouterr()
    site = tmp_path / "site"
    assert main([*argv, "--cache-dir", str(narration_cache), "-o", str(site)]) == 0
    err = capsys.readouterr().err
    assert err.count("warning: base_url 'https://guide.example.org' is a placeholder") == 2
    assert all("DRAFT" in text for text in _pages_text(site / "other-tour/print/placards.pdf"))
    assert main([*argv, "--strict", "-o", str(tmp_path / "strict")]) == 1
