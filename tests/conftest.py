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


@pytest.fixture
def new_tour(tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the tour `audioguide new` makes."""
    from guide.cli import main

    folder = tmp_path / "tour"
    assert main(["new", str(folder)]) == 0
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def preview(new_tour: Path, narration_cache: Path) -> Iterator[ServeProcess]:
    """`audioguide serve` of `new_tour`, started and listening."""
    running = ServeProcess(new_tour, narration_cache)
    try:
        yield running.started()
    finally:
        running.stop()
