"""The bundled sample tours: our own words, sourced years, narrations long enough to listen to.

The seed texts the tours were researched from lie in `shared/seeds/` beside the checkout
(`../shared/seeds/`; in CI a copy of `shared/` lies beside the clone). No sample text may repeat
a run of eight words from them, every year the English narration names must be in the tour's
SOURCES.md, and titles are plain text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from guide.model import Tour
from guide.source import load_tour
from guide.titles import title_markup

REPO = Path(__file__).resolve().parents[2]
RUN = 8  # words in a row that may not be shared with a seed
YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")
SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u00bb\u201d)]*\s+")


def seeds_folder() -> Path:
    """shared/seeds beside the checkout (or beside one of its parents: a git worktree)."""
    if override := os.environ.get("AUDIOGUIDE_SEEDS"):
        return Path(override)
    for folder in REPO.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    pytest.fail(
        f"no shared/seeds/ folder beside {REPO} or above it: the sample-text tests compare the "
        "tours with the seed texts; put a copy of shared/ beside the clone "
        "(or set AUDIOGUIDE_SEEDS to the seeds folder)"
    )


def words(text: str) -> list[str]:
    """Lower-case words with punctuation stripped, as the comparison sees them."""
    return re.findall(r"\w+", text.lower())


def runs(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + length]) for i in range(len(found) - length + 1)}


def shared_runs(text: str, seeds: set[tuple[str, ...]]) -> list[str]:
    return sorted(" ".join(run) for run in runs(text) & seeds)


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    folder = seeds_folder()
    texts = sorted(folder.glob("*.txt"))
    assert texts, f"{folder} holds no seed texts (*.txt)"
    found: set[tuple[str, ...]] = set()
    for path in texts:
        found |= runs(path.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def tours(samples: list[Path]) -> list[Tour]:
    loaded = []
    for root in samples:
        tour, problems = load_tour(root)
        assert tour is not None, "\n".join(map(str, problems))
        loaded.append(tour)
    return loaded


def visitor_texts(tour: Tour) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a visitor reads or hears: narrations, titles, notes."""
    for lang, title in tour.title.items():
        yield f"{tour.root / 'tour.toml'} title.{lang}", title
    for lang, text in tour.description.items():
        yield f"{tour.root / 'tour.toml'} description.{lang}", text
    for stop in tour.stops:
        for narration in stop.narrations.values():
            yield str(narration.source), f"{narration.title}\n{narration.markdown}"
        for lang, note in stop.note.items():
            yield f"{stop.folder / 'stop.toml'} note.{lang}", note


def test_the_run_check_finds_a_copied_sentence(seed_runs: set[tuple[str, ...]]) -> None:
    seed = next(iter(sorted(seeds_folder().glob("*.txt")))).read_text(encoding="utf-8")
    copied = " ".join(words(seed)[40:49])
    assert shared_runs(f"Our text, then: {copied.upper()}!", seed_runs)
    assert not shared_runs("A sentence of our own, written for this test alone.", seed_runs)


def test_no_sample_text_repeats_eight_words_of_a_seed(
    tours: list[Tour], seed_runs: set[tuple[str, ...]]
) -> None:
    copied = {
        where: found
        for tour in tours
        for where, text in visitor_texts(tour)
        if (found := shared_runs(text, seed_runs))
    }
    assert not copied, "texts repeat runs of 8 words from shared/seeds/: " + "; ".join(
        f"{where}: {', '.join(repr(r) for r in found)}" for where, found in copied.items()
    )


def test_every_year_in_the_english_narration_is_in_sources(tours: list[Tour]) -> None:
    for tour in tours:
        sources_path = tour.root / "SOURCES.md"
        assert sources_path.is_file(), f"{sources_path} is missing"
        sourced = set(YEAR.findall(sources_path.read_text(encoding="utf-8")))
        for stop in tour.stops:
            narration = stop.narrations["en"]
            years = set(YEAR.findall(f"{narration.title}\n{narration.markdown}"))
            missing = sorted(years - sourced)
            assert not missing, f"{narration.source}: years {missing} are not in {sources_path}"


def test_english_stops_are_long_enough_to_stand_still_for(tours: list[Tour]) -> None:
    for tour in tours:
        for stop in tour.stops:
            narration = stop.narrations["en"]
            count = len(narration.markdown.split())
            assert 250 <= count <= 400, f"{narration.source}: {count} words, not 250-400"


def test_every_stop_speaks_all_three_languages_in_short_sentences(tours: list[Tour]) -> None:
    for tour in tours:
        for stop in tour.stops:
            assert set(stop.narrations) == {"kk", "ru", "en"}, stop.folder
            for narration in stop.narrations.values():
                for sentence in SENTENCE_END.split(" ".join(narration.markdown.split())):
                    assert len(sentence.split()) < 30, f"{narration.source}: {sentence!r}"


def test_sample_titles_are_plain_text(tours: list[Tour]) -> None:
    for tour in tours:
        titles = [(f"{tour.root / 'tour.toml'}", t) for t in tour.title.values()]
        titles += [
            (str(n.source), n.title) for stop in tour.stops for n in stop.narrations.values()
        ]
        for where, title in titles:
            assert title_markup(title) is None, f"{where}: {title_markup(title)}"
