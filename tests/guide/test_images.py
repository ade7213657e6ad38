"""Stop images made for phones: upright, without metadata, a few widths; bad files refused."""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from guide import images
from guide.build import BuildOptions, build
from guide.errors import AudioguideError

GOAL_BYTES = 150_000  # a 390 px phone's image bytes for a 4000x3000 camera JPEG


def camera_jpeg(path: Path) -> None:
    """A 4000x3000 photo-like JPEG stored sideways (EXIF orientation 6) with a GPS position.

    Upright, its top-left corner is red: the published versions must show it there."""
    upright = Image.linear_gradient("L").resize((3000, 4000)).convert("RGB")
    draw = ImageDraw.Draw(upright)
    for i in range(60):
        x, y = (i * 977) % 3000, (i * 1231) % 4000
        draw.ellipse((x, y, x + 300, y + 200), fill=((i * 40) % 256, (i * 90) % 256, 120))
    upright = Image.blend(
        upright.filter(ImageFilter.GaussianBlur(4)),
        Image.effect_noise((3000, 4000), 30).convert("RGB"),
        0.1,
    )
    draw = ImageDraw.Draw(upright)
    draw.rectangle((0, 0, 600, 600), fill=(220, 20, 20))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # 4000x3000, as the camera wrote it
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    exif[0x8825] = {1: "N", 2: (51.0, 25.0, 0.0), 3: "E", 4: (71.0, 26.0, 0.0)}
    stored.save(path, quality=90, exif=exif)
    with Image.open(path) as check:
        assert check.size == (4000, 3000)
        assert check.getexif().get_ifd(0x8825)  # the GPS position is really there


def test_a_camera_jpeg_is_published_upright_without_metadata_in_phone_sizes(
    new_tour: Path, tmp_path: Path, narration_cache: Path
) -> None:
    stop = new_tour / "stops/02-first-room"
    camera_jpeg(stop / "image.jpg")
    (stop / "stop.toml").write_text('[alt]\nen = "A room."\n', encoding="utf-8")
    site = tmp_path / "site"
    build([new_tour], site, BuildOptions(engine="espeak", cache_dir=narration_cache))

    published = sorted((site / "my-tour/images").iterdir())
    widths = set()
    for path in published:
        raw = path.read_bytes()
        assert b"Exif" not in raw and b"GPS" not in raw and b"<x:xmpmeta" not in raw, path
        with Image.open(path) as image:
            assert not image.getexif() and "icc_profile" not in image.info, path
            assert image.height > image.width  # turned upright: portrait
            image = image.convert("RGB")
            red, green, _ = image.getpixel((image.width // 20, image.height // 20))
            assert red > 180 and green < 80, (path, red, green)  # the red corner, top-left
            widths.add(image.width)
    assert widths == {480, 960, 1600}
    assert {p.suffix for p in published} >= {".webp", ".jpg"}

    manifest = json.loads((site / "my-tour/tour.json").read_text("utf-8"))
    (entry,) = [s for s in manifest["stops"] if s["number"] == 2]
    offline = site / "my-tour" / entry["image"]
    with Image.open(offline) as phone:
        assert phone.width == 960
    assert offline.stat().st_size <= GOAL_BYTES
    packed = {f["url"] for f in manifest["files"] if f["url"].startswith("images/")}
    assert packed == {entry["image"]}  # the offline pack holds one version
    page = (site / "my-tour/en/2/index.html").read_text("utf-8")
    img = re.search(r"<img [^>]*>", page)
    assert img is not None
    assert 'width="960" height="1280"' in img.group(0) and 'decoding="async"' in img.group(0)
    assert re.search(
        r'<source type="image/webp" srcset="[^"]+ 480w, [^"]+ 960w, [^"]+ 1600w"', page
    )


def bomb_png(path: Path, width: int, height: int) -> None:
    """A tiny PNG whose header claims `width` x `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def truncated_jpeg(path: Path) -> None:
    camera_jpeg(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("image.png", lambda path: bomb_png(path, 40_000, 40_000), "decompression bomb"),
        ("image.jpg", truncated_jpeg, "truncated"),
    ],
)
def test_a_bad_image_is_an_error_naming_the_file_and_nothing_is_written(
    new_tour: Path,
    tmp_path: Path,
    narration_cache: Path,
    name: str,
    make: Callable[[Path], None],
    reason: str,
) -> None:
    image = new_tour / "stops/02-first-room" / name
    make(image)
    (image.parent / "stop.toml").write_text('[alt]\nen = "A room."\n', encoding="utf-8")
    with pytest.raises(AudioguideError) as caught:
        build(
            [new_tour], tmp_path / "site", BuildOptions(engine="espeak", cache_dir=narration_cache)
        )
    assert str(image) in str(caught.value) and reason in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_too_many_pixels_and_animation_are_refused_before_decoding(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    bomb_png(big, 8000, 7000)  # 56 MP: under Pillow's bomb limit, over ours
    assert "56 megapixels" in (images.problem(big) or "")
    animated = tmp_path / "moving.webp"
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    frames[0].save(animated, save_all=True, append_images=frames[1:])
    assert "animated" in (images.problem(animated) or "")
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture", "utf-8")
    assert "not an image" in (images.problem(text) or "")


def test_derived_images_come_from_the_cache_on_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "photo.jpg"
    Image.effect_noise((2000, 1500), 40).convert("RGB").save(source)
    first, files = images.publish(source.read_bytes(), "t/images/1", tmp_path / "cache")
    assert not list((tmp_path / "cache/images").rglob(".tmp-*"))  # written atomically

    def derive_again(data: bytes) -> None:
        raise AssertionError("an unchanged image was derived again")

    monkeypatch.setattr(images, "_derive", derive_again)
    assert images.publish(source.read_bytes(), "t/images/1", tmp_path / "cache") == (first, files)
    cached = next((tmp_path / "cache/images").rglob("*-960.*"))
    cached.write_bytes(cached.read_bytes()[:100])  # damaged: made again, not served
    monkeypatch.undo()
    assert images.publish(source.read_bytes(), "t/images/1", tmp_path / "cache") == (first, files)
