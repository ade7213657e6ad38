"""`audioguide status TOUR`: the coverage table in the terminal and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guide.build import BuildSummary
from guide.cli import main


def status(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()  # what fixtures printed
    assert main(["status", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.slow
def test_lengths_come_from_the_narration_cache_of_the_last_build(
    capsys: pytest.CaptureFixture[str],
    sample_build: tuple[Path, BuildSummary],
    samples: list[Path],
    narration_cache: Path,
) -> None:
    site, _ = sample_build
    tour = next(p for p in samples if p.name == "alzhir")
    manifest = json.loads((site / "alzhir" / "tour.json").read_text("utf-8"))
    out = status(capsys, str(tour), "--json", "--cache-dir", str(narration_cache))
    coverage = json.loads(out)
    assert coverage["tour"] == "alzhir" and coverage["gaps"] == 0
    rows = {(row["stop"], row["lang"]): row for row in coverage["rows"]}
    assert len(rows) == len(manifest["stops"]) * len(manifest["languages"])
    for stop in manifest["stops"]:
        for lang, audio in stop["audio"].items():
            row = rows[(stop["number"], lang)]
            assert round(row["sound"]["seconds"], 2) == audio["seconds"]
            assert row["sound"]["engine"] == audio["engine"] == "espeak"
            assert row["translated"] and row["words"] > 50
    for total in coverage["totals"]:
        listened = sum(s["audio"][total["lang"]]["seconds"] for s in manifest["stops"])
        assert total["seconds"] == pytest.approx(listened, abs=0.01 * len(manifest["stops"]))
        assert total["unknown"] == 0
        assert total["translated"] == total["stops"] == len(manifest["stops"])


def test_unknown_lengths_and_gaps_before_any_build(
    capsys: pytest.CaptureFixture[str], new_tour: Path, tmp_path: Path
) -> None:
    (new_tour / "stops" / "02-first-room" / "ru.md").unlink()
    empty = tmp_path / "no-cache"
    coverage = json.loads(status(capsys, str(new_tour), "--json", "--cache-dir", str(empty)))
    assert [row["sound"]["seconds"] for row in coverage["rows"]] == [None] * 4
    missing = [(r["stop"], r["lang"]) for r in coverage["rows"] if not r["translated"]]
    assert missing == [(2, "ru")]
    assert coverage["gaps"] == 1
    assert not empty.exists()  # status only looks: it never writes a cache

    table = status(capsys, str(new_tour), "--cache-dir", str(empty))
    line = next(line for line in table.splitlines() if line.startswith("2     ru"))
    assert "MISSING (en: " in line and " ? " in line
    assert "! stop 2 ru: missing translation: shows the en text and narration" in table
    assert "ru: 1/2 stops translated" in table
    assert "1 missing translation(s) or alt text(s)" in table


def test_a_broken_tour_is_reported_with_path_and_line(
    capsys: pytest.CaptureFixture[str], new_tour: Path
) -> None:
    (new_tour / "stops" / "01-welcome" / "en.md").write_text("no title\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["status", str(new_tour)]) == 1
    assert f"{new_tour / 'stops' / '01-welcome' / 'en.md'}:1: error" in capsys.readouterr().err
