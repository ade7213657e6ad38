"""Print-ready stop placards as one PDF: A6 one a page, or four A6 on A4 with cut marks.

Each placard: the tour title; the stop number, very large, beside the QR code (the
symbol at least 4 cm wide, its quiet zone kept clear); the short URL under the code; the
stop title in every tour language; one "scan or type the number" line per language.
Every text is fitted to its box (shrunk, wrapped, cut with "..." as a last resort), so
nothing ever runs off the placard. Same input, same bytes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import PDFFontDescriptor, TTFFont

from qr.codes import QUIET_ZONE, dark_runs, qr_matrix
from qr.fonts import find_bold, find_font
from qr.placard_set import (
    DRAFT,
    ELLIPSIS,
    PlacardSet,
    PlacardStop,
    placard_text,
    stop_titles,
    tour_title_line,
)
from qr.strings import instructions

__all__ = ["LAYOUTS", "PlacardSet", "PlacardStop", "placard_text", "render_placards"]

logger = logging.getLogger(__name__)

LAYOUTS = ("a6", "a4")
A6 = (105.0, 148.0)  # mm
A4 = (210.0, 297.0)
PT = 25.4 / 72  # mm per point
DRAFT_INK = (200, 40, 40)

# Placard geometry, in mm from the placard's top-left corner (A6 portrait).
MARGIN = 8.0
QR_SIZE = 41.0  # the symbol itself, quiet zone not included
HEADER_H = 8.0
INSTRUCTIONS_H = 12.0
URL_H = 4.5
GAP = 2.0

INK = (0, 0, 0)
SOFT_INK = (64, 64, 64)
RULE = (150, 150, 150)
CUT_MARK = (110, 110, 110)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


def creation_date() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else a fixed date: same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime(2024, 1, 1, tzinfo=UTC)


class PlacardPdf:
    """One PDF being drawn: the fonts, the fitting of text into boxes, the placards."""

    def __init__(self, page: tuple[float, float], regular: Path, bold: Path | None) -> None:
        self.pdf = FPDF(orientation="P", unit="mm", format=page)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.set_creation_date(creation_date())
        self.pdf.set_creator("audioguide")
        self.pdf.add_font("placard", "", str(regular))
        self.has_bold = bold is not None
        if bold is not None:
            self.pdf.add_font("placard", "B", str(bold))

    # -- text fitting -------------------------------------------------------------

    def use(self, size_pt: float, bold: bool) -> None:
        self.pdf.set_font("placard", "B" if bold and self.has_bold else "", size_pt)

    def descriptor(self) -> PDFFontDescriptor:
        """The current font's metrics, in 1/1000 em."""
        font = self.pdf.current_font
        assert isinstance(font, TTFFont)
        return font.desc

    def metrics(self) -> tuple[float, float]:
        """(ascent, descent) of the current font in mm, descent positive."""
        desc, size = self.descriptor(), self.pdf.font_size
        return desc.ascent / 1000 * size, -desc.descent / 1000 * size

    def line_height(self) -> float:
        ascent, descent = self.metrics()
        return max(ascent + descent, 1.2 * self.pdf.font_size)

    def width(self, text: str) -> float:
        return float(self.pdf.get_string_width(text))

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap at the current font; a word wider than the box is broken."""
        lines: list[str] = []
        line = ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if self.width(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:
                if line and self.width(line + char) > width:
                    lines.append(line)
                    line = ""
                line += char
        if line:
            lines.append(line)
        return lines

    def cut(self, line: str, width: float) -> str:
        """`line` shortened to end in '...' within `width`."""
        while line and self.width(line + ELLIPSIS) > width:
            line = line[:-1]
        return line.rstrip() + ELLIPSIS

    def layout_paragraphs(
        self, paragraphs: Sequence[tuple[str, float, bool]], box: Box, spacing: float
    ) -> list[tuple[str, float, bool, list[str]]] | None:
        """Each paragraph wrapped to the box at its size, or None when they overflow it."""
        laid: list[tuple[str, float, bool, list[str]]] = []
        height = 0.0
        for index, (text, size, bold) in enumerate(paragraphs):
            self.use(size, bold)
            lines = self.wrap(text, box.w)
            height += len(lines) * self.line_height() + (spacing if index else 0.0)
            laid.append((text, size, bold, lines))
        return laid if height <= box.h + 1e-6 else None

    def paragraphs(
        self,
        paragraphs: Sequence[tuple[str, float, bool]],
        box: Box,
        spacing: float = 1.5,
        min_pt: float = 5.0,
        align: str = "C",
        valign: str = "T",
        color: tuple[int, int, int] = INK,
    ) -> None:
        """Draw (text, size_pt, bold) paragraphs in `box`, shrinking all alike until they fit."""
        if not paragraphs:
            return
        largest = max(size for _, size, _ in paragraphs)
        scale = 1.0
        laid = self.layout_paragraphs(paragraphs, box, spacing)
        while laid is None and largest * scale > min_pt:
            scale = max(scale * 0.93, min_pt / largest)
            scaled = [(text, size * scale, bold) for text, size, bold in paragraphs]
            laid = self.layout_paragraphs(scaled, box, spacing * scale)
        if laid is None:
            laid = self.truncated(paragraphs, scale, box, spacing * scale)
        self.draw_paragraphs(laid, box, spacing * scale, align, valign, color)

    def truncated(
        self,
        paragraphs: Sequence[tuple[str, float, bool]],
        scale: float,
        box: Box,
        spacing: float,
    ) -> list[tuple[str, float, bool, list[str]]]:
        """The paragraphs at the smallest size, cut to the lines the box holds."""
        laid: list[tuple[str, float, bool, list[str]]] = []
        used = 0.0
        for index, (text, size, bold) in enumerate(paragraphs):
            self.use(size * scale, bold)
            lead = spacing if index else 0.0
            room = int((box.h - used - lead + 1e-6) // self.line_height())
            if room <= 0:
                break
            lines = self.wrap(text, box.w)
            if len(lines) > room:
                lines = [*lines[: room - 1], self.cut(lines[room - 1], box.w)]
            laid.append((text, size * scale, bold, lines))
            used += lead + len(lines) * self.line_height()
        logger.warning("placard text cut to fit its box: %s", paragraphs[0][0][:60])
        return laid

    def draw_paragraphs(
        self,
        laid: Sequence[tuple[str, float, bool, list[str]]],
        box: Box,
        spacing: float,
        align: str,
        valign: str,
        color: tuple[int, int, int],
    ) -> None:
        total = 0.0
        for index, (_, size, bold, lines) in enumerate(laid):
            self.use(size, bold)
            total += len(lines) * self.line_height() + (spacing if index else 0.0)
        top = box.y + (max(box.h - total, 0.0) / 2 if valign == "M" else 0.0)
        self.pdf.set_text_color(*color)
        for index, (_, size, bold, lines) in enumerate(laid):
            self.use(size, bold)
            top += spacing if index else 0.0
            ascent, _ = self.metrics()
            pad = (self.line_height() - sum(self.metrics())) / 2
            for line in lines:
                width = self.width(line)
                x = box.x + (box.w - width) / 2 if align == "C" else box.x
                self.pdf.text(x, top + pad + ascent, line)
                top += self.line_height()

    def number(self, text: str, box: Box) -> None:
        """The stop number as large as the box allows, centred."""
        self.use(100, bold=True)
        cap = self.descriptor().cap_height / 1000 or 0.72  # digits stand about as tall as capitals
        em_width = self.width(text) / self.pdf.font_size
        size_mm = min(box.w / em_width, 0.95 * box.h / cap)
        self.use(size_mm / PT, bold=True)
        self.pdf.set_text_color(*INK)
        width = self.width(text)
        baseline = box.y + (box.h + cap * size_mm) / 2
        self.pdf.text(box.x + (box.w - width) / 2, baseline, text)

    # -- drawing --------------------------------------------------------------------

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        matrix = qr_matrix(url)
        module = size / len(matrix)
        self.pdf.set_fill_color(*INK)
        for row_index, row in enumerate(matrix):
            for start, length in dark_runs(row):
                self.pdf.rect(
                    x + start * module, y + row_index * module, length * module, module, "F"
                )

    def rule(self, x1: float, y: float, x2: float) -> None:
        self.pdf.set_draw_color(*RULE)
        self.pdf.set_line_width(0.25)
        self.pdf.line(x1, y, x2, y)

    def placard(self, placards: PlacardSet, stop: PlacardStop, ox: float, oy: float) -> None:
        """One placard with its top-left corner at (ox, oy)."""
        width, height = A6
        inner = Box(ox + MARGIN, oy + MARGIN, width - 2 * MARGIN, height - 2 * MARGIN)

        header = Box(inner.x, inner.y, inner.w, HEADER_H)
        self.paragraphs(
            [(tour_title_line(placards), 9.0, False)],
            header,
            min_pt=5.0,
            valign="M",
            color=SOFT_INK,
        )
        rule_y = header.bottom + 1.0
        self.rule(inner.x, rule_y, inner.right)

        modules = len(qr_matrix(stop.url))
        quiet = QUIET_ZONE * QR_SIZE / modules
        qr_box = Box(inner.right - QR_SIZE, rule_y + quiet + 0.5, QR_SIZE, QR_SIZE)
        if ox + width - qr_box.right < quiet:  # keep the right quiet zone on the paper
            qr_box = Box(ox + width - quiet - QR_SIZE, qr_box.y, QR_SIZE, QR_SIZE)
        self.qr(stop.url, qr_box.x, qr_box.y, QR_SIZE)

        number_box = Box(inner.x, qr_box.y, qr_box.x - quiet - inner.x, QR_SIZE)
        self.number(str(stop.number), number_box)

        url_box = Box(inner.x, qr_box.bottom + quiet, inner.w, URL_H)
        self.url(stop.short_url, url_box, qr_box.x + QR_SIZE / 2)
        second_rule = url_box.bottom + GAP
        self.rule(inner.x, second_rule, inner.right)

        lines = instructions(placards.languages)
        instructions_box = Box(inner.x, inner.bottom - INSTRUCTIONS_H, inner.w, INSTRUCTIONS_H)
        self.paragraphs(
            [(line, 8.0, False) for line in lines],
            instructions_box,
            spacing=0.6,
            min_pt=4.5,
            valign="M",
            color=SOFT_INK,
        )

        titles_top = second_rule + GAP + 1.0
        titles_box = Box(inner.x, titles_top, inner.w, instructions_box.y - GAP - titles_top)
        titles = stop_titles(stop)
        self.paragraphs(
            [(title, 20.0 if i == 0 else 15.0, i == 0) for i, title in enumerate(titles)],
            titles_box,
            spacing=2.5,
            valign="M",
        )
        if placards.draft:
            self.draft_mark(titles_box)

    def draft_mark(self, box: Box) -> None:
        """DRAFT written large across the titles (never over the code, which still scans)."""
        self.use(40, bold=True)
        self.use(40 * min(1.0, 0.8 * box.w / self.width(DRAFT)), bold=True)
        ascent, _ = self.metrics()
        self.pdf.set_text_color(*DRAFT_INK)
        centre_x, centre_y = box.x + box.w / 2, box.y + box.h / 2
        with self.pdf.rotation(15, centre_x, centre_y):
            self.pdf.text(centre_x - self.width(DRAFT) / 2, centre_y + ascent / 2, DRAFT)

    def url(self, text: str, box: Box, centre: float) -> None:
        """The short URL on one line, centred under the code as far as the box allows."""
        size = 9.0
        self.use(size, bold=False)
        while self.width(text) > box.w and size > 4.0:
            size = max(size * 0.95, 4.0)
            self.use(size, bold=False)
        if self.width(text) > box.w:
            text = self.cut(text, box.w)
        width = self.width(text)
        x = min(max(centre - width / 2, box.x), box.right - width)
        ascent, descent = self.metrics()
        self.pdf.set_text_color(*INK)
        self.pdf.text(x, box.y + (box.h - ascent - descent) / 2 + ascent, text)

    def cut_marks(self) -> None:
        """Marks along the two cut lines of a 2 x 2 sheet, clear of every placard's text."""
        width, height = A4
        mid_x, mid_y = width / 2, height / 2
        self.pdf.set_draw_color(*CUT_MARK)
        self.pdf.set_line_width(0.2)
        reach = MARGIN - 2.0
        for y1, y2 in ((1.0, 1.0 + reach), (height - 1.0 - reach, height - 1.0)):
            self.pdf.line(mid_x, y1, mid_x, y2)
        for x1, x2 in ((1.0, 1.0 + reach), (width - 1.0 - reach, width - 1.0)):
            self.pdf.line(x1, mid_y, x2, mid_y)
        self.pdf.line(mid_x - reach, mid_y, mid_x + reach, mid_y)
        self.pdf.line(mid_x, mid_y - reach, mid_x, mid_y + reach)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def placard_origins(layout: str, count: int) -> list[tuple[int, float, float]]:
    """(page index, x, y) of each placard's top-left corner on its page."""
    if layout == "a6":
        return [(index, 0.0, 0.0) for index in range(count)]
    cell_w, cell_h = A4[0] / 2, A4[1] / 2
    slots = [(0.0, 0.0), (cell_w, 0.0), (0.0, cell_h), (cell_w, cell_h)]
    origins: list[tuple[int, float, float]] = []
    for index in range(count):
        x, y = slots[index % 4]
        origins.append((index // 4, x, y + (cell_h - A6[1]) / 2))
    return origins


def render_placards(placards: PlacardSet, layout: str = "a6", font: Path | None = None) -> bytes:
    """The placards of every stop as PDF bytes (deterministic). Raises FontError, ValueError."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown placard layout {layout!r}; use one of: {', '.join(LAYOUTS)}")
    if not placards.stops:
        raise ValueError("a tour without stops has no placards")
    text = placard_text(placards)
    regular = find_font(text, font)
    bold = find_bold(regular, text)
    document = PlacardPdf(A6 if layout == "a6" else A4, regular, bold)
    title = tour_title_line(placards)
    if title:
        document.pdf.set_title(title)
    if placards.languages:
        document.pdf.set_lang(placards.languages[0])
    page = -1
    for stop, (page_index, x, y) in zip(
        placards.stops, placard_origins(layout, len(placards.stops)), strict=True
    ):
        if page_index != page:
            document.pdf.add_page()
            page = page_index
            if layout == "a4":
                document.cut_marks()
        document.placard(placards, stop, x, y)
    logger.debug("placards: %d stops, layout %s, font %s", len(placards.stops), layout, regular)
    return document.output()
