"""Reading placard PDFs back the way a visitor and a printer see them.

Pages are rasterized with pdfium and every QR code is decoded with zxing-cpp; the text
layer gives each character, its box and its font size. Nothing here knows the layout
constants of `qr.placards`: a placard is one A6 cell of the page, its number is the
largest text on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from PIL import Image

MM = 72 / 25.4  # PDF points per mm
DPI = 200


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points, origin bottom-left."""

    left: float
    bottom: float
    right: float
    top: float

    def contains(self, other: Rect) -> bool:
        return (
            self.left <= other.left
            and self.right >= other.right
            and self.bottom <= other.bottom
            and self.top >= other.top
        )

    def intersects(self, other: Rect) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )

    def shrunk(self, by: float) -> Rect:
        return Rect(self.left + by, self.bottom + by, self.right - by, self.top - by)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


@dataclass(frozen=True)
class Char:
    text: str
    box: Rect
    size: float  # font size in points


@dataclass(frozen=True)
class ReadPlacard:
    page: int
    cell: Rect
    chars: list[Char]
    codes: list[str]  # every QR decoded in the cell
    qr_box: Rect | None  # the (first) symbol's outer edges, quiet zone excluded

    @property
    def number(self) -> str:
        """The printed stop number: the characters in the largest font on the placard."""
        largest = max(c.size for c in self.chars)
        return "".join(c.text for c in self.chars if c.size >= largest - 0.01 and c.text.strip())

    @property
    def text(self) -> str:
        """The placard's text, whitespace collapsed (wrapped lines join with a space)."""
        return " ".join("".join(c.text for c in self.chars).split())


def cells(layout: str, width: float, height: float) -> list[Rect]:
    """The A6 placard cells of one page, in reading order."""
    if layout == "a6":
        return [Rect(0, 0, width, height)]
    half_w, half_h = width / 2, height / 2
    return [
        Rect(0, half_h, half_w, height),
        Rect(half_w, half_h, width, height),
        Rect(0, 0, half_w, half_h),
        Rect(half_w, 0, width, half_h),
    ]


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    textpage = page.get_textpage()
    chars: list[Char] = []
    for index in range(textpage.count_chars()):
        text = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
        left, bottom, right, top = textpage.get_charbox(index)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
        chars.append(Char(text, Rect(left, bottom, right, top), size))
    return chars


def rasterize(page: pdfium.PdfPage, dpi: int = DPI) -> Image.Image:
    image: Image.Image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    return image


def decode(image: Image.Image) -> list[zxingcpp.Barcode]:
    found = zxingcpp.read_barcodes(image)
    return [code for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]


def read_placards(pdf: bytes, layout: str, dpi: int = DPI) -> list[ReadPlacard]:
    """Every non-empty placard cell of every page, with its decoded codes and its text."""
    document = pdfium.PdfDocument(pdf)
    found: list[ReadPlacard] = []
    scale = dpi / 72
    for page_index in range(len(document)):
        page = document[page_index]
        width, height = page.get_size()
        image = rasterize(page, dpi)
        chars = page_chars(page)
        for cell in cells(layout, width, height):
            mine = [c for c in chars if cell.contains(Rect(*c.box.centre, *c.box.centre))]
            crop_box = (
                round(cell.left * scale),
                round((height - cell.top) * scale),
                round(cell.right * scale),
                round((height - cell.bottom) * scale),
            )
            codes = decode(image.crop(crop_box))
            if not mine and not codes:
                continue
            qr_box = None
            if codes:
                corners = codes[0].position
                xs = [p.x for p in (corners.top_left, corners.bottom_right)]
                ys = [p.y for p in (corners.top_left, corners.bottom_right)]
                qr_box = Rect(
                    cell.left + min(xs) / scale,
                    cell.top - max(ys) / scale,
                    cell.left + max(xs) / scale,
                    cell.top - min(ys) / scale,
                )
            found.append(ReadPlacard(page_index, cell, mine, [c.text for c in codes], qr_box))
    return found
