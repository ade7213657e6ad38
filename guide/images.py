"""Stop images made for phones: checked, turned upright, stripped of metadata, resized.

A camera JPEG is published as a few widths (never upscaled) in WebP, in AVIF where this
Pillow can write it and it comes out smaller, and in JPEG for the rest; every version carries
no metadata at all (no EXIF, GPS, XMP or ICC chunk). Derived files are kept in a
content-addressed cache beside the narration cache, written atomically, so a rebuild with
unchanged images costs one hash of each source.

`problem(path)` is the check the build runs before anything is written: it reads only the
header before refusing an image too large, so a hostile file never costs unbounded memory.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageOps, UnidentifiedImageError, features

from audio.cache import default_dir, key, write_atomic
from guide.icons import BACKGROUND_COLOUR
from guide.model import ImageVariant, Picture

log = logging.getLogger(__name__)

WIDTHS = (480, 960, 1600)
PHONE_WIDTH = 960  # the version an offline pack holds: sharp on a 390 px screen at 2-2.5x
MAX_PIXELS = 50_000_000
RECIPE = "images-1"  # bump when the output of `_derive` changes
_QUALITY = {"image/avif": 50, "image/webp": 72, "image/jpeg": 80}
_EXTENSION = {"image/avif": ".avif", "image/webp": ".webp", "image/jpeg": ".jpg"}
_FORMAT = {"image/avif": "AVIF", "image/webp": "WEBP", "image/jpeg": "JPEG"}
#: What the browser is told about the layout: full width up to the 40rem column (app.css).
SIZES = "(min-width: 42rem) 40rem, 100vw"


@dataclass(frozen=True)
class _Made:
    mime: str
    width: int
    height: int
    data: bytes


def problem(path: Path) -> str | None:
    """Why `path` cannot be published as a stop image (None when it can)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (
                        f"the image is {width}x{height} ({width * height / 1e6:.0f} megapixels); "
                        f"the limit is {MAX_PIXELS // 1_000_000}: export it smaller"
                    )
                if getattr(image, "n_frames", 1) > 1:
                    return "an animated image: a stop image must be a still picture"
                image.load()  # decodes every byte: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return f"refused as a decompression bomb (far more pixels than a photo has): {exc}"
    except UnidentifiedImageError:
        return "not an image (it is not JPEG, PNG or WebP)"
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return f"a damaged or truncated image: {exc}"
    return None


def problems(paths: Sequence[Path]) -> list[str]:
    """`path: reason` for every image that cannot be published."""
    found = []
    for path in paths:
        reason = problem(path)
        if reason is not None:
            found.append(f"{path}: {reason}")
    return found


def publish(
    data: bytes, site_prefix: str, cache_dir: Path | None
) -> tuple[Picture, dict[str, bytes]]:
    """The versions of an image, as `{site path: bytes}` named `<prefix>-<width>-<hash>.<ext>`."""
    made = _cached(data, cache_dir)
    files: dict[str, bytes] = {}
    variants: list[ImageVariant] = []
    for item in made:
        digest = hashlib.sha256(item.data).hexdigest()[:10]
        path = f"{site_prefix}-{item.width}-{digest}{_EXTENSION[item.mime]}"
        files[path] = item.data
        variants.append(ImageVariant(path, item.width, item.height, item.mime, len(item.data)))
    variants.sort(key=lambda v: (v.mime, v.width))
    return Picture(tuple(variants), _offline_choice(variants)), files


def srcset(variants: Sequence[ImageVariant], url: object) -> str:
    """`a.webp 480w, b.webp 960w` with each path through `url` (the page's relative link)."""
    return ", ".join(f"{url(v.path)} {v.width}w" for v in variants)  # type: ignore[operator]


def _offline_choice(variants: Sequence[ImageVariant]) -> str:
    """The smallest-format version at the phone width (or the widest below it)."""
    best = {v.width for v in variants if v.width <= PHONE_WIDTH} or {min(v.width for v in variants)}
    width = max(best)
    return min((v for v in variants if v.width == width), key=lambda v: v.bytes).path


# --- the content-addressed cache ------------------------------------------------------------


@functools.cache
def _formats() -> tuple[str, ...]:
    found = ["image/webp", "image/jpeg"] if features.check("webp") else ["image/jpeg"]
    if features.check("avif"):
        found.insert(0, "image/avif")
    return tuple(found)


def _cached(data: bytes, cache_dir: Path | None) -> list[_Made]:
    name = key(RECIPE, PIL.__version__, WIDTHS, _formats(), hashlib.sha256(data).hexdigest())
    folder = (cache_dir or default_dir()) / "images" / name[:2]
    index_path = folder / f"{name}.json"
    try:
        index = json.loads(index_path.read_text("utf-8"))
        made = []
        for entry in index:
            blob = (folder / entry["file"]).read_bytes()
            if hashlib.sha256(blob).hexdigest() != entry["sha256"]:
                raise ValueError(f"{entry['file']}: damaged")
            made.append(_Made(entry["mime"], entry["width"], entry["height"], blob))
        return made
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s: damaged cached images (%s), making them again", index_path, exc)
    made = _derive(data)
    try:
        entries = []
        for item in made:
            file = f"{name}-{item.width}{_EXTENSION[item.mime]}"
            write_atomic(folder / file, item.data)
            entries.append(
                {
                    "file": file,
                    "mime": item.mime,
                    "width": item.width,
                    "height": item.height,
                    "sha256": hashlib.sha256(item.data).hexdigest(),
                }
            )
        write_atomic(index_path, json.dumps(entries).encode())  # last: only a whole set counts
    except OSError as exc:  # a read-only cache costs time, never the build
        log.warning("%s: cannot cache images: %s", folder, exc)
    return made


# --- making the versions ----------------------------------------------------------------------


def _derive(data: bytes) -> list[_Made]:
    with Image.open(io.BytesIO(data)) as opened:
        opened.draft("RGB", (max(WIDTHS), max(WIDTHS)))  # JPEG: decode at 1/2, 1/4... directly
        upright = ImageOps.exif_transpose(opened)  # a copy, the orientation applied
    upright.info = {}  # no EXIF, XMP, ICC or comment reaches any output
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
    upright = upright.convert("RGBA" if has_alpha else "RGB")
    flat = upright
    if has_alpha:
        flat = Image.new("RGB", upright.size, BACKGROUND_COLOUR)
        flat.paste(upright, mask=upright.getchannel("A"))
    width, height = upright.size
    made: list[_Made] = []
    for target in sorted({min(w, width) for w in WIDTHS}):
        size = (target, max(1, round(height * target / width)))
        scaled = upright if size == upright.size else upright.resize(size, Image.Resampling.LANCZOS)
        flat_scaled = scaled if not has_alpha else flat.resize(size, Image.Resampling.LANCZOS)
        webp = None
        for mime in _formats():
            source = flat_scaled if mime == "image/jpeg" else scaled
            encoded = _encode(source, mime)
            if mime == "image/webp":
                webp = encoded
            made.append(_Made(mime, size[0], size[1], encoded))
        # AVIF only where it beats WebP: an AVIF no smaller is bytes for nothing
        avif = next((m for m in made if m.mime == "image/avif" and m.width == size[0]), None)
        if avif is not None and webp is not None and len(avif.data) >= len(webp):
            made.remove(avif)
    return made


def _encode(image: Image.Image, mime: str) -> bytes:
    out = io.BytesIO()
    options: dict[str, object] = {"quality": _QUALITY[mime]}
    if mime == "image/jpeg":
        options.update(optimize=True, progressive=True)
    elif mime == "image/webp":
        options.update(method=5)
    elif mime == "image/avif":
        options.update(speed=7)
    image.save(out, format=_FORMAT[mime], **options)
    return out.getvalue()
