"""`audioguide build`: the site contract, reproducibility, and a previous site kept safe."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from mutagen.mp3 import MP3

from guide.build import BuildOptions, BuildSummary, build
from guide.cli import main

pytestmark = pytest.mark.slow


def tree_digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def resolve(site: Path, tour_id: str, url: str) -> Path:
    """A URL of tour.json (relative to it, or absolute from the site root) as a file."""
    base = site if url.startswith("/") else site / tour_id
    target = (base / url.lstrip("/")).resolve()
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    assert target.is_relative_to(site.resolve()), url
    return target


def walk_manifest(site: Path, tour_id: str) -> Any:
    manifest = json.loads((site / tour_id / "tour.json").read_text(encoding="utf-8"))
    assert manifest["id"] == tour_id
    assert len(manifest["version"]) >= 8
    total = 0
    for entry in manifest["files"]:
        path = resolve(site, tour_id, entry["url"])
        assert path.is_file(), entry
        assert path.stat().st_size == entry["bytes"], entry
        total += entry["bytes"]
    assert manifest["bytes"] == total
    urls = {resolve(site, tour_id, e["url"]) for e in manifest["files"]}
    for stop in manifest["stops"]:
        assert resolve(site, tour_id, stop["url"]) in urls
        for lang in manifest["languages"]:
            page = resolve(site, tour_id, stop["pages"][lang])
            assert page in urls and page.is_file()
            audio = stop["audio"][lang]
            file = resolve(site, tour_id, audio["url"])
            assert file in urls
            assert file.stat().st_size == audio["bytes"]
            assert audio["seconds"] == pytest.approx(MP3(file).info.length, abs=0.05)
            assert audio["engine"] in {"espeak", "gtts", "recording"}
            assert stop["title"][lang]
            html = page.read_text(encoding="utf-8")
            assert f'lang="{lang}"' in html
            assert "<audio" in html
            assert file.name in html
    # print/ is for staff: never part of the visitor download
    assert not any("print/" in e["url"] for e in manifest["files"])
    return manifest


def test_sample_site_follows_the_contract(sample_build: tuple[Path, BuildSummary]) -> None:
    site, summary = sample_build
    assert (site / "index.html").is_file()
    for tour_id in ("alzhir", "baitursynov"):
        manifest = walk_manifest(site, tour_id)
        assert manifest["languages"] == ["kk", "ru", "en"]
        for stop in manifest["stops"]:
            n = stop["number"]
            assert (site / tour_id / str(n) / "index.html").is_file()
            assert (site / tour_id / "print" / "qr" / f"{n}.svg").is_file()
            assert (site / tour_id / "print" / "qr" / f"{n}.png").is_file()
        assert (site / tour_id / "print" / "placards.pdf").read_bytes().startswith(b"%PDF")
    assert summary.tours == 2
    assert summary.languages == 3
    assert summary.engines["espeak"] == summary.stops * 3
    assert "Built 2 tour(s)" in summary.line()


def test_new_tour_builds_and_is_reproducible(
    new_tour: Path, tmp_path: Path, narration_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    argv = ["build", str(new_tour), "--engine", "espeak", "--cache-dir", str(narration_cache)]
    assert main([*argv, "-o", str(first)]) == 0
    out = capsys.readouterr().out
    assert "Built 1 tour(s), 2 stops, 2 languages" in out
    walk_manifest(first, "my-tour")
    # a cold cache for the second build: reproducible from scratch, not only from the cache
    cold = tmp_path / "cold-cache"
    assert (
        main(
            [
                "build",
                str(new_tour),
                "--engine",
                "espeak",
                "--cache-dir",
                str(cold),
                "-o",
                str(second),
            ]
        )
        == 0
    )
    assert tree_digest(first) == tree_digest(second)


def test_fallback_language_uses_default_audio(
    new_tour: Path, tmp_path: Path, narration_cache: Path
) -> None:
    (new_tour / "stops/02-first-room/ru.md").unlink()
    site = tmp_path / "site"
    build([new_tour], site, BuildOptions(engine="espeak", cache_dir=narration_cache))
    manifest = walk_manifest(site, "my-tour")
    stop = next(s for s in manifest["stops"] if s["number"] == 2)
    assert stop["fallback"] == ["ru"]
    assert stop["audio"]["ru"] == stop["audio"]["en"]
    assert stop["title"]["ru"] == "The first room"


def test_failed_build_leaves_previous_site_intact(
    new_tour: Path, tmp_path: Path, narration_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    argv = [
        "build",
        str(new_tour),
        "--engine",
        "espeak",
        "--cache-dir",
        str(narration_cache),
        "-o",
        str(site),
    ]
    assert main(argv) == 0
    before = tree_digest(site)
    (new_tour / "stops/01-welcome/en.md").write_text("no title\n", encoding="utf-8")
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "01-welcome/en.md:1: error" in err and "Traceback" not in err
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "tour"]  # no staging left


def test_output_inside_the_tour_is_refused(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(new_tour), "--engine", "espeak", "-o", str(new_tour / "site")]) == 1
    err = capsys.readouterr().err
    assert "inside the tour folder" in err
    assert not (new_tour / "site").exists()


def test_refuses_to_replace_a_folder_it_did_not_make(
    new_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me")
    assert main(["build", str(new_tour), "--engine", "espeak", "-o", str(precious)]) == 1
    assert "not made by audioguide" in capsys.readouterr().err
    assert (precious / "letter.txt").read_text() == "keep me"


def test_sample_rebuild_is_byte_identical_and_synthesizes_nothing(
    sample_build: tuple[Path, BuildSummary], samples: list[Path], narration_cache: Path
) -> None:
    site, _ = sample_build
    again = site.parent / "again"
    summary = build(
        samples,
        again,
        BuildOptions(engine="espeak", cache_dir=narration_cache, base_url="http://127.0.0.1:8000"),
    )
    assert summary.engine_calls == 0
    assert tree_digest(again) == tree_digest(site)


def test_gtts_without_kazakh_fails_clearly_unless_fallback_is_allowed(
    tmp_path: Path, narration_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tour = tmp_path / "kk-tour"
    (tour / "stops/01-entrance").mkdir(parents=True)
    (tour / "tour.toml").write_text(
        'id = "kk-tour"\nlanguages = ["kk"]\nbase_url = "https://guide.example.org"\n'
        '[title]\nkk = "Менің мұражайым"\n',
        encoding="utf-8",
    )
    (tour / "stops/01-entrance/kk.md").write_text(
        "# Кіреберіс\n\nҚош келдіңіздер.\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    argv = ["build", str(tour), "--engine", "gtts", "--cache-dir", str(narration_cache)]
    capsys.readouterr()
    assert main([*argv, "-o", str(site)]) == 1
    err = capsys.readouterr().err
    assert "kk" in err and "gtts" in err.lower() and "Traceback" not in err
    assert not site.exists()
    assert main([*argv, "--fallback", "-o", str(site)]) == 0
    manifest = json.loads((site / "kk-tour" / "tour.json").read_text(encoding="utf-8"))
    assert {s["audio"]["kk"]["engine"] for s in manifest["stops"]} == {"espeak"}


def test_output_folder_is_created_only_after_the_checks(
    new_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the tour is fine; the placard font is not: found by the checks that run after the
    # output folder's, and before anything may be written
    site = tmp_path / "not" / "yet" / "site"
    font = tmp_path / "missing.ttf"
    argv = ["build", str(new_tour), "--engine", "espeak", "--font", str(font), "-o", str(site)]
    assert main(argv) == 1
    assert "missing.ttf" in capsys.readouterr().err
    assert not (tmp_path / "not").exists()


def test_stop_image_is_published_with_its_alt_text(
    new_tour: Path, tmp_path: Path, narration_cache: Path
) -> None:
    from PIL import Image

    stop = new_tour / "stops/02-first-room"
    Image.new("RGB", (40, 30), (120, 110, 100)).save(stop / "image.jpg", quality=90)
    (stop / "stop.toml").write_text(
        '[alt]\nen = "A <small> grey room & a window."\nru = "Серая комната с окном."\n',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build([new_tour], site, BuildOptions(engine="espeak", cache_dir=narration_cache))
    manifest = walk_manifest(site, "my-tour")
    (entry,) = [s for s in manifest["stops"] if s["number"] == 2]
    image = resolve(site, "my-tour", entry["image"])
    with Image.open(image) as published:  # made for phones (guide/images.py), never upscaled
        assert published.size == (40, 30) and published.format in ("WEBP", "AVIF")
    assert image.parent.name == "images" and image.suffix in (".webp", ".avif")
    assert image in {resolve(site, "my-tour", f["url"]) for f in manifest["files"]}
    page = (site / "my-tour/en/2/index.html").read_text(encoding="utf-8")
    assert 'alt="A &lt;small&gt; grey room &amp; a window."' in page
    assert image.name in page


def test_recording_replaces_the_synthetic_voice_for_its_language_only(
    new_tour: Path, tmp_path: Path, narration_cache: Path
) -> None:
    import math
    import struct

    import lameenc

    rate, seconds = 24000, 3
    samples = [int(8000 * math.sin(2 * math.pi * 220 * n / rate)) for n in range(rate * seconds)]
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    mp3 = encoder.encode(struct.pack(f"<{len(samples)}h", *samples)) + encoder.flush()
    (new_tour / "stops/01-welcome/en.mp3").write_bytes(bytes(mp3))

    site = tmp_path / "site"
    build([new_tour], site, BuildOptions(engine="espeak", cache_dir=narration_cache))
    manifest = walk_manifest(site, "my-tour")
    (stop,) = [s for s in manifest["stops"] if s["number"] == 1]
    assert stop["audio"]["en"]["engine"] == "recording"
    assert stop["audio"]["en"]["seconds"] == pytest.approx(seconds, abs=0.2)
    assert stop["audio"]["ru"]["engine"] == "espeak"
    english = (site / "my-tour/en/1/index.html").read_text(encoding="utf-8")
    russian = (site / "my-tour/ru/1/index.html").read_text(encoding="utf-8")
    assert "Synthetic voice" not in english
    assert "Синтезированный голос" in russian
