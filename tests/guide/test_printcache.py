"""The print cache: reused when nothing changed, remade when damaged or when inputs change."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.printcache import PrintCache


class Maker:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def test_hit_miss_and_heal(tmp_path: Path) -> None:
    cache = PrintCache(tmp_path)
    a6 = Maker(b"%PDF-1.7\nA6 placards\n%%EOF\n")
    assert cache.get(".pdf", ("cards", "a6"), a6) == a6.data
    assert cache.get(".pdf", ("cards", "a6"), a6) == a6.data
    assert a6.calls == 1

    # a different input is a different file
    a4 = Maker(b"%PDF-1.7\nA4 placards\n%%EOF\n")
    assert cache.get(".pdf", ("cards", "a4"), a4) == a4.data
    assert a4.calls == 1

    # a truncated file (a crash mid-copy, a full disk) is never returned
    (stored,) = [p for p in (tmp_path / "print").rglob("*.pdf") if p.read_bytes() == a6.data]
    stored.write_bytes(a6.data[:12])
    assert cache.get(".pdf", ("cards", "a6"), a6) == a6.data
    assert a6.calls == 2
    assert stored.read_bytes() == a6.data
    assert not list((tmp_path / "print").rglob(".tmp-*"))


def test_png_must_be_complete(tmp_path: Path) -> None:
    cache = PrintCache(tmp_path)
    png = Maker(b"\x89PNG\r\n\x1a\n....IEND\xaeB`\x82")
    cache.get(".png", ("qr", "https://x/1"), png)
    (stored,) = list((tmp_path / "print").rglob("*.png"))
    stored.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert cache.get(".png", ("qr", "https://x/1"), png) == png.data
    assert png.calls == 2


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_real_qr_codes_are_reused(tmp_path: Path, suffix: str) -> None:
    from qr.codes import qr_png, qr_svg

    url = "https://guide.example.org/alzhir/7"
    make = Maker(qr_svg(url) if suffix == ".svg" else qr_png(url))
    cache = PrintCache(tmp_path)
    assert cache.get(suffix, ("qr", url), make) == make.data
    assert cache.get(suffix, ("qr", url), make) == make.data
    assert make.calls == 1
