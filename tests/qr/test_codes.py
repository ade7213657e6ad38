"""QR codes decode to exactly their URL, at level Q, with a 4-module quiet zone."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from placard_reading import decode

from qr.codes import QUIET_ZONE, qr_matrix, qr_png, qr_svg

URLS = [
    "https://audioguide.example.org/alzhir/1",
    "https://audioguide.example.org/baitursynov/2024",
    "http://localhost:8000/alzhir/12",
    "https://музей.example.kz/tour/7",
]


@pytest.mark.parametrize("url", URLS)
def test_png_decodes_to_the_url_at_level_q(url: str) -> None:
    results = decode(Image.open(io.BytesIO(qr_png(url))))
    assert [r.text for r in results] == [url]
    assert results[0].ec_level == "Q"


def test_png_is_black_on_white_with_a_four_module_quiet_zone() -> None:
    scale = 6
    image = Image.open(io.BytesIO(qr_png(URLS[1], scale=scale))).convert("L")
    size = (len(qr_matrix(URLS[1])) + 2 * QUIET_ZONE) * scale
    assert image.size == (size, size)
    assert {value for _, value in image.getcolors() or []} == {0, 255}
    dark = image.point(lambda v: 255 - v).getbbox()  # bounding box of the black pixels
    quiet = QUIET_ZONE * scale
    assert dark == (quiet, quiet, size - quiet, size - quiet)


def test_codes_are_deterministic() -> None:
    assert qr_png(URLS[0]) == qr_png(URLS[0])
    assert qr_svg(URLS[0]) == qr_svg(URLS[0])
    assert qr_png(URLS[0]) != qr_png(URLS[1])


def svg_to_image(svg: bytes, scale: int) -> Image.Image:
    """Rasterize our SVG by reading its rects/paths back (no SVG renderer needed)."""
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    size = int(root.attrib["viewBox"].split()[2])
    image = Image.new("L", (size * scale, size * scale), 0)
    rect = root.find("s:rect", ns)
    assert rect is not None and rect.attrib["fill"] == "#fff"
    image.paste(255, (0, 0, int(rect.attrib["width"]) * scale, int(rect.attrib["height"]) * scale))
    path = root.find("s:path", ns)
    assert path is not None and path.attrib["fill"] == "#000"
    for x, y, w in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\3z", path.attrib["d"]):
        left, top = int(x) * scale, int(y) * scale
        image.paste(0, (left, top, left + int(w) * scale, top + scale))
    return image


@pytest.mark.parametrize("url", URLS)
def test_svg_decodes_to_the_url(url: str) -> None:
    svg = qr_svg(url)
    assert svg.startswith(b"<?xml")
    results = decode(svg_to_image(svg, 8))
    assert [r.text for r in results] == [url]


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
def test_zbar_reads_the_png_too(tmp_path: Path) -> None:
    png = tmp_path / "code.png"
    png.write_bytes(qr_png(URLS[1]))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, check=True, text=True
    )
    assert out.stdout.strip() == URLS[1]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="non-empty URL"):
        qr_png("")
    with pytest.raises(ValueError, match="scale"):
        qr_png(URLS[0], scale=0)
