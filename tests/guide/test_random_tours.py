"""Random small tour folders, as a shared drive or a zip might hand them over: `check` and
`build` never show a traceback, exit 0 or 1, name a path in every error, publish nothing
from outside the tour, and leave the previous site as it was when they fail."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from guide.cli import main

pytestmark = pytest.mark.slow

SECRET = b"OUTSIDE-SECRET-7f3a"
PREVIOUS = b"<p>the previous site</p>"

LANGS = st.sampled_from(["en", "ru", "kk", "EN", "en\n", "e n", "pt-BR", "x"])
KNOWN_NAMES = [
    "en.md", "ru.md", "kk.md", "EN.md", "en.mdd", "image.png", "image.jpg", "imgae.jpg",
    "stop.toml", "en.mp3", "en.m4a", "ru.wav", "notes.txt", "Thumbs.db", ".hidden",
]  # fmt: skip
ANY_NAME = st.text(
    st.characters(blacklist_characters="/\0", blacklist_categories=["Cs"]), min_size=1, max_size=12
).filter(lambda n: n not in (".", ".."))
NAMES = st.one_of(
    st.sampled_from(KNOWN_NAMES),
    ANY_NAME,
    st.just(os.fsdecode(b"\xff\xfe-bytes.md")),  # not UTF-8: what old zip tools make
)
STOP_NAMES = st.one_of(
    st.from_regex(r"[0-9]{1,3}-[a-z]{1,6}", fullmatch=True),
    st.sampled_from(["٠٣-room", "01-Room", "1-", "stop", "99999-far"]),
    NAMES,
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1251"])
TEXT = st.text(max_size=80)
KINDS = st.sampled_from(
    ["text", "text", "text", "bytes", "folder", "fifo", "link-out", "link-in", "dangling", "big"]
)


@st.composite
def tour_toml(draw: st.DrawFn, sound: bool) -> bytes:
    """tour.toml's bytes; `sound`: valid but for the odd extra key or encoding."""
    if sound:
        return draw(st.sampled_from(GOOD_TOMLS)).encode(
            draw(st.sampled_from(["utf-8", "utf-8-sig"]))
        )
    languages = draw(st.lists(LANGS, min_size=0, max_size=3))
    tour_id = draw(st.sampled_from(["my-tour", "My Tour", "tour", ""]))
    url = draw(st.sampled_from(["https://guide.museum", "https://x.example.org", "ftp://a", "no"]))
    lines = [
        f'id = "{tour_id}"',
        "languages = [" + ", ".join(f'"{lang}"' for lang in languages).replace("\n", "\\n") + "]",
        f'base_url = "{url}"',
        "[title]",
        *(f'"{lang}" = "Title"'.replace("\n", "\\n") for lang in languages),
    ]
    shape = draw(st.sampled_from(["as is", "as is", "extra key", "unclosed", "empty", "junk"]))
    if shape == "extra key":
        lines.insert(0, f'{draw(st.sampled_from(["titel", "colour", "voice"]))} = "x"')
    elif shape == "unclosed":
        lines[1] = lines[1].rstrip("]")
    elif shape == "empty":
        lines = []
    elif shape == "junk":
        return draw(st.binary(max_size=60))
    text = "\n".join(lines) + "\n"
    return text.encode(draw(ENCODINGS), errors="replace")


def _make(path: Path, kind: str, data: bytes, outside: Path, tour: Path) -> None:
    if kind == "text":
        path.write_bytes(data)
    elif kind == "bytes":
        path.write_bytes(os.urandom(len(data) % 50))
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-out":
        path.symlink_to(outside / "secret.md")
    elif kind == "link-in":
        path.symlink_to(tour / "tour.toml")
    elif kind == "dangling":
        path.symlink_to(tour / "gone")
    elif kind == "big":
        with path.open("wb") as handle:
            handle.truncate(30_000_000)  # sparse: costs no disk


GOOD_TOMLS = [
    'id = "my-tour"\nlanguages = ["en"]\nbase_url = "https://guide.museum"\n[title]\nen = "T"\n',
    'id = "t2"\nlanguages = ["en", "ru"]\nbase_url = "https://example.org"\ntitle.en = "T"\n',
    'colour = 1\nid = "t3"\nlanguages = ["en"]\nbase_url = "https://a.b"\n[title]\nen = "T"\n',
]
WORDS = st.text(st.characters(whitelist_categories=["Lu", "Ll", "Nd"]), min_size=1, max_size=20)


@st.composite
def tour_folder(draw: st.DrawFn) -> dict[str, Any]:
    sound = draw(st.booleans())
    stops = []
    if sound:  # a good tour, to which the random entries below are added
        for number in range(1, draw(st.integers(1, 2)) + 1):
            text = "Title\n\n" + draw(WORDS)
            stops.append((f"{number:02}-stop", "folder", [("en.md", "text", text, "utf-8")]))
    for _ in range(draw(st.integers(0, 2 if sound else 3))):
        kind = draw(st.sampled_from(["folder", "folder", "folder", "link-out", "text", "fifo"]))
        files = [
            (draw(NAMES), draw(KINDS), draw(TEXT), draw(ENCODINGS))
            for _ in range(draw(st.integers(0, 4)))
        ]
        stops.append((draw(STOP_NAMES), kind, files))
    kinds = ["folder"] if sound else ["folder", "folder", "folder", "link-out", "missing"]
    return {
        "toml": draw(tour_toml(sound)),
        "stops": stops,
        "stops_kind": draw(st.sampled_from(kinds)),
    }


def _build(spec: dict[str, Any], root: Path) -> tuple[Path, Path]:
    tour, outside = root / "tour", root / "outside"
    (outside / "stops").mkdir(parents=True)
    (outside / "secret.md").write_bytes(b"# Secret\n\n" + SECRET + b"\n")
    tour.mkdir()
    (tour / "tour.toml").write_bytes(spec["toml"])
    stops = tour / "stops"
    if spec["stops_kind"] == "link-out":
        stops.symlink_to(outside / "stops")
    elif spec["stops_kind"] == "folder":
        stops.mkdir()
    else:
        return tour, outside
    for name, kind, files in spec["stops"]:
        folder = stops / name
        if os.path.lexists(folder):
            continue
        if kind == "folder":
            folder.mkdir()
            for file_name, file_kind, text, encoding in files:
                path = folder / file_name
                if not os.path.lexists(path):
                    body = f"# {text}\n\n{text}\n".encode(encoding, errors="replace")
                    _make(path, file_kind, body, outside, tour)
        elif kind == "link-out":
            (outside / "stops" / "x").mkdir(exist_ok=True)
            (outside / "stops/x/en.md").write_bytes(b"# Secret\n\n" + SECRET + b"\n")
            folder.symlink_to(outside / "stops/x")
        else:
            _make(folder, kind, b"x", outside, tour)
    return tour, outside


def _site_bytes(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=tour_folder())
def test_random_tour_folders(
    spec: dict[str, Any], narration_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        tour, _ = _build(spec, root)
        site = root / "site"
        site.mkdir()
        (site / ".audioguide").write_bytes(b"")  # a previous site of ours
        (site / "index.html").write_bytes(PREVIOUS)
        before = _site_bytes(site)
        capsys.readouterr()
        codes, outputs = [], []
        for argv in (
            ["check", str(tour)],
            ["build", str(tour), "--engine", "espeak", "--cache-dir", str(narration_cache),
             "-o", str(site)],
        ):  # fmt: skip
            code = main(argv)
            out = capsys.readouterr()
            output = out.out + out.err
            assert code in (0, 1), output
            assert "Traceback" not in output
            for line in output.splitlines():
                if ": error: " in line or line.startswith("audioguide: "):
                    assert str(root) in line, line  # every error names a path
            codes.append(code)
            outputs.append(output)
        if codes[1] == 0:
            published = b"".join(_site_bytes(site).values())
            assert SECRET not in published
            assert PREVIOUS not in published
        else:
            assert _site_bytes(site) == before
        event(f"check exit {codes[0]}, build exit {codes[1]}")
        assert codes[0] == codes[1] or codes[0] == 0  # check fails only when build fails
        if codes == [0, 1]:  # then for what only a build knows (engines), not the tour's files
            assert ": error: " not in outputs[1], outputs[1]
