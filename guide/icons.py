"""The app icons, drawn with Pillow: a quiet emblem of sound on the theme colour.

Drawing is deterministic (no fonts, no timestamps, no metadata chunks): the same bytes
on every build, so a rebuilt site is byte-identical.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

THEME_COLOUR = "#2b333d"
BACKGROUND_COLOUR = "#f6f3ed"
_INK = (239, 233, 221, 255)
_SUPERSAMPLE = 4


@dataclass(frozen=True)
class Icon:
    name: str  # e.g. "icon-192", used for the asset file name
    size: int
    maskable: bool

    @property
    def purpose(self) -> str:
        return "maskable" if self.maskable else "any"


ICONS = (
    Icon("icon-192", 192, maskable=False),
    Icon("icon-512", 512, maskable=False),
    Icon("icon-maskable-512", 512, maskable=True),
    Icon("apple-touch-icon", 180, maskable=True),  # iOS draws its own rounded corners
)


@functools.cache  # the same bytes every time: drawn once per process
def icon_png(icon: Icon) -> bytes:
    """The PNG bytes of one icon."""
    big = icon.size * _SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if icon.maskable:
        draw.rectangle((0, 0, big, big), fill=THEME_COLOUR)
        content = big * 0.62  # inside the maskable safe zone (a circle of 80%)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=THEME_COLOUR)
        content = big * 0.74
    _emblem(draw, big / 2, big / 2, content)
    small = image.reduce(_SUPERSAMPLE)  # a box filter: smooth edges, a tenth of LANCZOS's time
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()


def _emblem(draw: ImageDraw.ImageDraw, cx: float, cy: float, extent: float) -> None:
    """A point of sound and three widening arcs, centred in a square of side `extent`."""
    stroke = max(2, round(extent * 0.055))
    left = cx - extent * 0.34
    dot = extent * 0.085
    draw.ellipse((left - dot, cy - dot, left + dot, cy + dot), fill=_INK)
    for step in range(1, 4):
        radius = extent * (0.2 + 0.19 * step)
        box = (left - radius, cy - radius, left + radius, cy + radius)
        draw.arc(box, start=-42, end=42, fill=_INK, width=stroke)
