"""Each mistake a new user makes and each trap a shared drive or a zip can hold, for `check`
and `build` alike: the same message naming the file (and line), exit 1, nothing outside the
tour published, the previous site untouched. `check` fails exactly when `build` fails before
narrating."""

from __future__ import annotations

import os
import re
import shutil
import struct
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from guide.cli import main

Breakage = Callable[[Path, Path], None]  # (tour, a folder outside it)
SECRET = "SECRET-OUTSIDE-THE-TOUR"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _secret_md(outside: Path) -> Path:
    target = outside / "secret.md"
    target.write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    return target


def md_links_outside(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.md").unlink()
    (tour / "stops/01-welcome/en.md").symlink_to(_secret_md(outside))


def image_links_outside(tour: Path, outside: Path) -> None:
    Image.new("RGB", (8, 8), "gray").save(outside / "private.jpg")
    (tour / "stops/01-welcome/image.jpg").symlink_to(outside / "private.jpg")


def stop_folder_links_outside(tour: Path, outside: Path) -> None:
    (outside / "03-elsewhere").mkdir()
    (outside / "03-elsewhere/en.md").write_text(f"# Elsewhere\n\n{SECRET}\n", encoding="utf-8")
    (tour / "stops/03-elsewhere").symlink_to(outside / "03-elsewhere")


def stops_link_outside(tour: Path, outside: Path) -> None:
    shutil.move(tour / "stops", outside / "stops")
    (tour / "stops").symlink_to(outside / "stops")


def md_is_a_folder(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.md").unlink()
    (tour / "stops/01-welcome/en.md").mkdir()


def md_dangling_link(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.md").unlink()
    (tour / "stops/01-welcome/en.md").symlink_to(tour / "stops/01-welcome/gone.md")


def stop_toml_is_a_folder(tour: Path, outside: Path) -> None:
    (tour / "stops/02-first-room/stop.toml").unlink()
    (tour / "stops/02-first-room/stop.toml").mkdir()


def md_is_a_fifo(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.md").unlink()
    os.mkfifo(tour / "stops/01-welcome/en.md")


def md_links_to_dev_zero(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.md").unlink()
    (tour / "stops/01-welcome/en.md").symlink_to("/dev/zero")


def huge_narration(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.md").write_text("# Big\n\n" + "word " * 2_000_000)


def decompression_bomb(tour: Path, outside: Path) -> None:
    # 9000 x 9000 one-bit pixels: a few kB on disk, 81 megapixels in memory
    Image.new("1", (9000, 9000)).save(tour / "stops/01-welcome/image.png", optimize=True)


def mp3_not_audio(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.mp3").write_text("this is not audio at all " * 20)


def two_recordings(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/en.mp3").write_bytes(b"x")
    (tour / "stops/01-welcome/en.m4a").write_bytes(b"x")


def id_with_newline(tour: Path, outside: Path) -> None:
    _replace(tour / "tour.toml", 'id = "my-tour"', 'id = "my-tour\\n"')


def language_with_newline(tour: Path, outside: Path) -> None:
    _replace(tour / "tour.toml", 'languages = ["en", "ru"]', 'languages = ["en", "ru\\n"]')


def arabic_indic_number(tour: Path, outside: Path) -> None:
    (tour / "stops/02-first-room").rename(tour / "stops/٠٣-first-room")


def unclosed_bracket(tour: Path, outside: Path) -> None:
    _replace(tour / "tour.toml", 'languages = ["en", "ru"]', 'languages = ["en", "ru"')


def empty_tour_toml(tour: Path, outside: Path) -> None:
    (tour / "tour.toml").write_text("")


def language_upper_case(tour: Path, outside: Path) -> None:
    _replace(tour / "tour.toml", 'languages = ["en", "ru"]', 'languages = ["EN", "ru"]')


def unreadable_font(tour: Path, outside: Path) -> None:
    # the stop title in a script no installed font has: the placards cannot be printed
    _replace(tour / "stops/01-welcome/en.md", "# Welcome", "# Welcome 𓀀𓀁")


def huge_stop_toml(tour: Path, outside: Path) -> None:
    (tour / "stops/02-first-room/stop.toml").write_text("# pad\n" * 100_000)


def toml_syntax(tour: Path, outside: Path) -> None:
    # a common slip: the address without quotes
    _replace(tour / "tour.toml", '"https://guide.example.org"', "https://guide.example.org")


def duplicate_number(tour: Path, outside: Path) -> None:
    (tour / "stops/02-first-room").rename(tour / "stops/01-first-room")


def folder_without_number(tour: Path, outside: Path) -> None:
    (tour / "stops/02-first-room").rename(tour / "stops/first-room")


def missing_title_line(tour: Path, outside: Path) -> None:
    _replace(tour / "stops/01-welcome/en.md", "# Welcome\n", "Welcome\n")


def empty_narration(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/ru.md").write_text("# Добро пожаловать\n\n\n", encoding="utf-8")


def unknown_language(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/de.md").write_text("# Willkommen\n\nText.\n", encoding="utf-8")


def id_with_spaces(tour: Path, outside: Path) -> None:
    _replace(tour / "tour.toml", 'id = "my-tour"', 'id = "my tour"')


def image_not_an_image(tour: Path, outside: Path) -> None:
    (tour / "stops/01-welcome/image.jpg").write_text("this is text, not a JPEG")


def three_hour_recording(tour: Path, outside: Path) -> None:
    path = tour / "stops/01-welcome/en.wav"
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(8000)
        writer.writeframes(b"\0\0" * 8000)
    data = bytearray(path.read_bytes())  # the header says three hours, as a long take would
    struct.pack_into("<I", data, data.index(b"data") + 4, 8000 * 2 * 3 * 3600)
    path.write_bytes(bytes(data))


def huge_recording(tour: Path, outside: Path) -> None:
    with (tour / "stops/01-welcome/en.wav").open("wb") as handle:
        handle.truncate(301_000_000)  # sparse: no disk used


LINK_OUT = r"is a link to .*, outside the tour folder"
CASES: dict[str, tuple[Breakage, str, str]] = {
    # name: (breakage, the path the message names, what it says)
    "toml syntax": (toml_syntax, r"tour\.toml:15", r"TOML syntax"),
    "duplicate number": (duplicate_number, r"stops/01-\w[\w-]*", r"stop number 1 is used twice"),
    "no number": (folder_without_number, r"stops/first-room", r"must be named NN-slug"),
    "no title line": (missing_title_line, r"01-welcome/en\.md:1", r"first line must be the title"),
    "empty narration": (empty_narration, r"01-welcome/ru\.md:2", r"narration is empty"),
    "unknown language": (unknown_language, r"01-welcome/de\.md", r"'de' is not one of"),
    "id with spaces": (id_with_spaces, r"tour\.toml:\d+", r"'id' must be a URL slug"),
    "not an image": (image_not_an_image, r"01-welcome/image\.jpg", r"not an image"),
    "md links outside": (md_links_outside, r"01-welcome/en\.md", LINK_OUT),
    "image links outside": (image_links_outside, r"01-welcome/image\.jpg", LINK_OUT),
    "stop folder links outside": (stop_folder_links_outside, r"stops/03-elsewhere", LINK_OUT),
    "stops links outside": (stops_link_outside, r"tour/stops", LINK_OUT),
    "md is a folder": (md_is_a_folder, r"01-welcome/en\.md", r"must be a file, but it is a folder"),
    "dangling link": (md_dangling_link, r"01-welcome/en\.md", r"gone\.md, which does not exist"),
    "stop.toml is a folder": (stop_toml_is_a_folder, r"first-room/stop\.toml", r"it is a folder"),
    "fifo": (md_is_a_fifo, r"01-welcome/en\.md", r"it is a named pipe \(FIFO\)"),
    "dev zero": (md_links_to_dev_zero, r"01-welcome/en\.md", r"a link to /dev/zero, outside"),
    "10 MB narration": (
        huge_narration,
        r"01-welcome/en\.md",
        r"is 10 MB: more than the limit of 100 kB for a text file",
    ),
    "huge stop.toml": (
        huge_stop_toml,
        r"first-room/stop\.toml",
        r"limit of 256 kB for a toml file",
    ),
    "decompression bomb": (decompression_bomb, r"image\.png", r"limit of 40 megapixels"),
    "mp3 not audio": (mp3_not_audio, r"01-welcome/en\.mp3", r"not a readable MP3 audio file"),
    "3 h recording": (three_hour_recording, r"en\.wav", r"180 minutes .* limit of 120 minutes"),
    "301 MB recording": (huge_recording, r"en\.wav", r"is 301 MB: more than the limit of 300 MB"),
    "two recordings": (two_recordings, r"stops/01-welcome", r"'en': en\.m4a and en\.mp3"),
    "id with newline": (id_with_newline, r"tour\.toml:\d+", r"'id' must be a URL slug"),
    "language newline": (language_with_newline, r"tour\.toml:\d+", r"'ru\\n' is not a BCP-47"),
    "arabic-indic digits": (arabic_indic_number, r"stops/٠٣-first-room", r"must be named NN-slug"),
    "unclosed [": (unclosed_bracket, r"tour\.toml:10", r"the bracket opened on line 10"),
    "empty tour.toml": (empty_tour_toml, r"tour\.toml", r"the file is empty: it needs id"),
    "EN": (language_upper_case, r"tour\.toml:10", r"language 'EN' must be written 'en'"),
    "no font": (unreadable_font, r"tour\.toml", r"placards: "),
}


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_check_and_build_refuse_alike(
    case: str,
    new_tour: Path,
    tmp_path: Path,
    narration_cache: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    build = ["build", str(new_tour), "--engine", "espeak", "--cache-dir", str(narration_cache)]
    assert main([*build, "-o", str(site)]) == 0
    before = tree(site)
    capsys.readouterr()

    breakage, where, what = CASES[case]
    breakage(new_tour, outside)
    outputs = []
    for command in (["check", str(new_tour)], [*build, "-o", str(site)]):
        code, output = run(capsys, *command)
        assert code == 1, output
        assert re.search(rf"{where}: error: .*{what}", output), output
        assert "Traceback" not in output
        outputs.append(output)
    assert "nothing was written" in outputs[1]
    assert tree(site) == before
    assert SECRET.encode() not in b"".join(before.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "site", "tour"]


def test_duplicate_tour_ids(
    new_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    shutil.copytree(new_tour, other)
    for command in (["check"], ["build", "--engine", "espeak", "-o", str(tmp_path / "site")]):
        code, output = run(capsys, *command, str(new_tour), str(other))
        assert code == 1
        assert re.search(r"other/tour\.toml: error: tour id 'my-tour' is also used by", output)
    assert not (tmp_path / "site").exists()


def test_links_inside_the_tour_are_fine(
    new_tour: Path, tmp_path: Path, narration_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = new_tour / "stops/02-first-room"
    (new_tour / "shared").mkdir()
    Image.new("RGB", (8, 8), "gray").save(new_tour / "shared/room.png")
    (stop / "image.png").symlink_to("../../shared/room.png")
    code, output = run(
        capsys, "build", str(new_tour), "--engine", "espeak", "--cache-dir", str(narration_cache),
        "-o", str(tmp_path / "site"),
    )  # fmt: skip
    assert code == 0, output
    published = list((tmp_path / "site/my-tour/images").iterdir())
    assert published  # the linked picture, made for phones
    for path in published:
        with Image.open(path) as image:
            assert image.size == (8, 8) and image.convert("RGB").getpixel((4, 4)) == (128, 128, 128)


def test_bom_is_accepted(new_tour: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = new_tour / "tour.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    md = new_tour / "stops/01-welcome/en.md"
    md.write_bytes(b"\xef\xbb\xbf" + md.read_bytes())
    code, output = run(capsys, "check", str(new_tour))
    assert code == 0, output
    assert "0 error(s)" in output


def test_upper_case_language_is_one_error_not_a_cascade(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    language_upper_case(new_tour, new_tour)
    code, output = run(capsys, "check", str(new_tour))
    assert code == 1
    assert output.count(": error: ") == 1, output


@pytest.mark.parametrize(
    ("where", "old", "new", "expected"),
    [
        ("tour.toml", 'id = "my-tour"', 'id = "my-tour"\ntitel = "x"', "did you mean 'title'"),
        ("stops/01-welcome/en.md", None, "en.mdd", "did you mean 'en.md'"),
        ("stops/02-first-room/imgae.jpg", None, None, "did you mean 'image.jpg'"),
        ("stops/02-first-room/stop.toml", "# [alt]", "[atl]", "did you mean 'alt'"),
    ],
)
def test_did_you_mean(
    new_tour: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
    old: str | None,
    new: str | None,
    expected: str,
) -> None:
    path = new_tour / where
    if old is not None and new is not None:
        _replace(path, old, new)
    elif new is not None:
        path.rename(path.with_name(new))
    else:
        Image.new("RGB", (8, 8)).save(path, format="JPEG")
    _, output = run(capsys, "check", str(new_tour))
    assert expected in output, output
    if "mdd" in expected or "jpg" in expected:
        assert "<language>.md, <language>.mp3|.m4a|.ogg|.wav, <language>.vtt, image.jpg" in output


@pytest.mark.parametrize("target", ["/", "home", "tour", "documents"])
def test_output_folder_is_refused(
    target: str,
    new_tour: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / MARKER_NAME).write_bytes(b"")  # even a home that looks like a site is refused
    monkeypatch.setenv("HOME", str(home))
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("keep")
    other_tour = tmp_path / "other-tour"
    shutil.copytree(new_tour, other_tour)
    output = {"/": Path("/"), "home": home, "tour": other_tour, "documents": documents}[target]
    code, text = run(capsys, "build", str(new_tour), "--engine", "espeak", "-o", str(output))
    assert code == 1
    expected = {
        "/": "root or home folder",
        "home": "root or home folder",
        "tour": "is a tour folder",
        "documents": "not made by audioguide",
    }[target]
    assert expected in text and "Traceback" not in text
    assert (documents / "letter.txt").read_text() == "keep"
    assert (other_tour / "tour.toml").is_file()


MARKER_NAME = ".audioguide"
