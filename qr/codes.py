"""QR codes for stop URLs: the module matrix, SVG and PNG.

Error correction Q (survives smudges and glare), black on white, and a quiet zone of
`QUIET_ZONE` modules around the symbol. Same URL, same bytes.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

import qrcode
import qrcode.constants
from PIL import Image

QUIET_ZONE = 4  # modules of white around the symbol; the QR standard's minimum


@functools.lru_cache(maxsize=1024)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules (True = dark), row by row, without the quiet zone.

    Memoized: one build draws each stop's code four times (SVG, PNG, two placard layouts),
    and choosing the mask pattern is the slow part of making a code."""
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    code.add_data(url.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())


def dark_runs(row: Sequence[bool]) -> list[tuple[int, int]]:
    """(start, length) of each horizontal run of dark modules in one row."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for x, dark in enumerate([*row, False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x - start))
            start = None
    return runs


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as a standalone SVG, quiet zone included, one module per unit."""
    matrix = qr_matrix(url)
    size = len(matrix) + 2 * QUIET_ZONE
    path = "".join(
        f"M{QUIET_ZONE + x},{QUIET_ZONE + y}h{length}v1h-{length}z"
        for y, row in enumerate(matrix)
        for x, length in dark_runs(row)
    )
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size * 4}" height="{size * 4}" shape-rendering="crispEdges">\n'
        f'<rect width="{size}" height="{size}" fill="#fff"/>\n'
        f'<path fill="#000" d="{path}"/>\n'
        "</svg>\n"
    )
    return svg.encode("utf-8")


def qr_png(url: str, scale: int = 10) -> bytes:
    """The QR code of `url` as a black-and-white PNG, `scale` pixels per module."""
    if scale < 1:
        raise ValueError(f"QR PNG scale must be at least 1 pixel per module, got {scale}")
    matrix = qr_matrix(url)
    size = len(matrix) + 2 * QUIET_ZONE
    blank = b"\xff" * QUIET_ZONE
    pixels = b"".join(blank + bytes(0 if dark else 255 for dark in row) + blank for row in matrix)
    margin = b"\xff" * size * QUIET_ZONE
    image = Image.frombytes("L", (size, size), margin + pixels + margin).convert("1")
    image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
