"""Narration benchmark: a generated tour of N stops x 3 languages narrated with espeak-ng.

Prints cold, no-change and one-stop-changed build seconds, audio seconds per wall second,
and the same throughput for the bare engine (espeak-ng + lameenc alone, same texts, same
number of worker processes), so the pipeline's overhead shows as a ratio.

    /work/venv/bin/python bench/narration.py            # the real build (guide.build)
    /work/venv/bin/python bench/narration.py --narrator # audio.Narrator alone
"""

from __future__ import annotations

import argparse
import multiprocessing
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from audio import NarrationJob, Narrator, speech_text
from audio.engine import Voice
from audio.espeak import EspeakEngine
from audio.mp3 import seconds

LANGS = ("kk", "ru", "en")
TITLES = {"kk": "Аялдама", "ru": "Остановка", "en": "Stop"}
BODY = {
    "kk": "Бұл жерде әйелдер мен балалар ұзақ жылдар бойы тұрды. Олар үйлерінен алыс, "
    "суық далада еңбек етті. Әр есім бір тағдырды еске салады. Осы бөлмеде олардың хаттары "
    "мен суреттері сақталған. Бір сәт тоқтап, оларды еске алыңыз.",
    "ru": "Здесь долгие годы жили женщины и дети. Они работали в холодной степи, далеко от "
    "дома. Каждое имя напоминает об одной судьбе. В этом зале хранятся их письма и "
    "фотографии. Остановитесь на минуту и вспомните их.",
    "en": "Women and children lived here for many years. They worked in the cold steppe, far "
    "from home. Every name recalls one life. This room keeps their letters and photographs. "
    "Stop for a moment and remember them.",
}


def body(number: int, lang: str, edit: int = 0) -> str:
    extra = f" Revision {edit}." if edit else ""
    return f"{BODY[lang]} {number}.{extra}\n\n{BODY[lang]}\n"


def write_tour(root: Path, stops: int) -> Path:
    tour = root / "bench"
    (tour / "stops").mkdir(parents=True)
    (tour / "tour.toml").write_text(
        'id = "bench"\nlanguages = ["kk", "ru", "en"]\nbase_url = "https://example.org"\n\n'
        '[title]\nkk = "Тур"\nru = "Тур"\nen = "Tour"\n\n'
        '[description]\nkk = "Сынақ"\nru = "Тест"\nen = "Benchmark"\n',
        encoding="utf-8",
    )
    for number in range(1, stops + 1):
        folder = tour / "stops" / f"{number:03d}-stop-{number}"
        folder.mkdir()
        for lang in LANGS:
            text = f"# {TITLES[lang]} {number}\n\n{body(number, lang)}"
            (folder / f"{lang}.md").write_text(text, encoding="utf-8")
    return tour


def edit_one(tour: Path) -> None:
    path = tour / "stops" / "001-stop-1" / "en.md"
    path.write_text(f"# {TITLES['en']} 1\n\n{body(1, 'en', edit=1)}", encoding="utf-8")


def timed(run: Callable[[], float]) -> tuple[float, float]:
    """(wall seconds, audio seconds made) of one run."""
    start = time.perf_counter()
    audio = run()
    return time.perf_counter() - start, audio


# Each build runs in a fresh interpreter, as `audioguide build` does, so nothing memoized
# in one build's process helps the next; only build() itself is timed, not Python's start-up.
_ONE_BUILD = """
import sys, time
from pathlib import Path
from guide.build import BuildOptions, build
if __name__ == "__main__":
    tour, site, cache = map(Path, sys.argv[1:4])
    start = time.perf_counter()
    summary = build([tour], site, BuildOptions(engine="espeak", cache_dir=cache))
    print(time.perf_counter() - start, summary.audio_seconds)
"""


def with_build(tour: Path, work: Path) -> list[tuple[str, float, float]]:
    def run() -> tuple[float, float]:
        out = subprocess.run(
            [sys.executable, "-c", _ONE_BUILD, str(tour), str(work / "site"), str(work / "cache")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        return float(out[0]), float(out[1])

    results = [("cold", *run()), ("no change", *run())]
    edit_one(tour)
    return [*results, ("one stop changed", *run())]


def jobs(stops: int, edit: int = 0) -> list[NarrationJob]:
    return [
        NarrationJob(
            key=f"bench/{n}/{lang}",
            lang=lang,
            title=f"{TITLES[lang]} {n}",
            markdown=body(n, lang, edit if n == 1 and lang == "en" else 0),
            album="Tour",
            track=n,
        )
        for n in range(1, stops + 1)
        for lang in LANGS
    ]


def with_narrator(stops: int, work: Path) -> list[tuple[str, float, float]]:
    def run(edit: int = 0) -> float:
        narrator = Narrator("espeak", work / "cache")
        return sum(made.seconds for made in narrator.narrate(jobs(stops, edit)))

    return [
        ("cold", *timed(run)),
        ("no change", *timed(run)),
        ("one stop changed", *timed(lambda: run(edit=1))),
    ]


def bare(stops: int, workers: int) -> tuple[float, float]:
    texts = [(speech_text(j.title, j.markdown, lang=j.lang), Voice(j.lang)) for j in jobs(stops)]
    engine = EspeakEngine()
    context = multiprocessing.get_context("forkserver")
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        made = list(pool.map(engine.synthesize, *zip(*texts, strict=True)))
    wall = time.perf_counter() - start
    return wall, sum(seconds(data) for data in made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=100)
    parser.add_argument("--narrator", action="store_true", help="time audio.Narrator alone")
    args = parser.parse_args()
    try:
        import guide.build  # noqa: F401

        use_build = not args.narrator
    except ImportError:
        use_build = False
    with tempfile.TemporaryDirectory(prefix="narration-bench-") as temp:
        work = Path(temp)
        tour = write_tour(work, args.stops)
        what = "guide.build.build" if use_build else "audio.Narrator"
        runs = with_build(tour, work) if use_build else with_narrator(args.stops, work)
        bare_wall, bare_audio = bare(args.stops, EspeakEngine().workers)
    cold_wall, cold_audio = runs[0][1], runs[0][2]
    print(f"{args.stops} stops x {len(LANGS)} languages, espeak-ng, through {what}")
    for label, wall, _audio in runs:
        print(f"  {label:<17} {wall:8.2f} s  ({100 * wall / cold_wall:5.1f}% of cold)")
    pipeline = cold_audio / cold_wall
    engine = bare_audio / bare_wall
    print(f"  pipeline (cold)   {pipeline:8.1f} audio s per wall s ({cold_audio:.0f} s audio)")
    print(f"  bare engine       {engine:8.1f} audio s per wall s ({bare_wall:.2f} s wall)")
    print(f"  ratio             {pipeline / engine:8.2f} of the bare engine's throughput")


if __name__ == "__main__":
    main()
