"""`audioguide check` on good tours and on the mistakes a new user makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from guide.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


REAL_URL = "https://audioguide.museum"  # not a reserved example name


def test_new_tour_checks_clean_but_for_its_placeholder_address(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run(capsys, "check", str(new_tour))
    assert code == 0, output
    assert "0 error(s), 1 warning(s)" in output
    assert re.search(
        r"tour\.toml:\d+: warning: base_url .*guide\.example\.org.* placeholder", output
    )
    code, output = run(capsys, "check", "--strict", "--base-url", REAL_URL, str(new_tour))
    assert code == 0, output
    assert "0 error(s), 0 warning(s)" in output


def test_sample_tours_check_clean(samples: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert {p.name for p in samples} == {"alzhir", "baitursynov"}
    code, output = run(capsys, "check", "--strict", "--base-url", REAL_URL, *map(str, samples))
    assert code == 0, output


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def toml_syntax(tour: Path) -> None:
    # a common slip: the address without quotes
    _replace(
        tour / "tour.toml",
        'base_url = "https://guide.example.org"',
        "base_url = https://guide.example.org",
    )


def folder_without_number(tour: Path) -> None:
    (tour / "stops/02-first-room").rename(tour / "stops/first-room")


def missing_title_line(tour: Path) -> None:
    _replace(tour / "stops/01-welcome/en.md", "# Welcome\n", "Welcome\n")


def unknown_language(tour: Path) -> None:
    (tour / "stops/01-welcome/de.md").write_text("# Willkommen\n\nText.\n", encoding="utf-8")


def test_toml_error_names_the_right_line(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml_syntax(new_tour)
    expected = next(
        number
        for number, line in enumerate((new_tour / "tour.toml").read_text().splitlines(), 1)
        if line.startswith("base_url")
    )
    code, output = run(capsys, "check", str(new_tour))
    assert code == 1
    assert re.search(rf"tour\.toml:{expected}: error: TOML syntax", output), output


def test_every_problem_in_one_run(new_tour: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing_title_line(new_tour)
    unknown_language(new_tour)
    folder_without_number(new_tour)
    code, output = run(capsys, "check", str(new_tour))
    assert code == 1
    assert output.count(": error: ") == 3, output


def test_missing_translation_is_a_warning(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (new_tour / "stops/02-first-room/ru.md").unlink()
    code, output = run(capsys, "check", str(new_tour))
    assert code == 0
    assert re.search(r"02-first-room: warning: no ru\.md", output), output
    code, output = run(capsys, "check", "--strict", "--base-url", REAL_URL, str(new_tour))
    assert code == 1


def test_unknown_key_is_a_warning_and_strict_makes_it_fatal(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _replace(new_tour / "tour.toml", 'id = "my-tour"', 'id = "my-tour"\ncolour = "red"')
    code, output = run(capsys, "check", str(new_tour))
    assert code == 0
    assert re.search(r"tour\.toml:\d+: warning: unknown key 'colour'", output), output
    assert run(capsys, "check", "--strict", str(new_tour))[0] == 1


def test_good_image_with_alt_text_passes(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Image.new("RGB", (8, 8), "gray").save(new_tour / "stops/02-first-room/image.png")
    (new_tour / "stops/02-first-room/stop.toml").write_text(
        '[alt]\nen = "A grey square."\nru = "Серый квадрат."\n', encoding="utf-8"
    )
    code, output = run(capsys, "check", "--strict", "--base-url", REAL_URL, str(new_tour))
    assert code == 0, output


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run(capsys, "check", str(tmp_path / "nowhere"))
    assert code == 1
    assert "nowhere: error: no such tour folder" in output


def test_markdown_in_a_title_is_named_with_its_line(
    new_tour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narration = new_tour / "stops/02-first-room/en.md"
    lines = narration.read_text(encoding="utf-8").splitlines()
    title_line = lines[0]
    narration.write_text("\n" + "\n".join(["# The *Dombra*", *lines[1:]]) + "\n", "utf-8")
    assert title_line.startswith("# ")
    code, output = run(capsys, "check", str(new_tour))
    assert code == 0, output  # a warning: the tour still builds, the asterisks show as typed
    assert f"{narration}:2: warning: titles are plain text" in output
    assert "write 'The Dombra'" in output
    assert run(capsys, "check", "--strict", str(new_tour))[0] == 1


@pytest.mark.parametrize(
    "title", ["The Arch of Grief", "Room 2 * 3", "snake_case_words", "Қасірет аркасы"]
)
def test_plain_titles_pass(title: str) -> None:
    from guide.titles import title_markup

    assert title_markup(title) is None


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        ("The *Dombra*", "The Dombra"),
        ("The __Dombra__", "The Dombra"),
        ("See [the arch](https://example.org/arch)", "See the arch"),
        ("The `kurt`", "The kurt"),
    ],
)
def test_markdown_titles_are_caught(title: str, plain: str) -> None:
    from guide.titles import plain_title, title_markup

    assert title_markup(title) is not None
    assert plain_title(title) == plain
