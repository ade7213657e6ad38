"""Normalization benchmark: what reading numbers and checking the text costs a build.

On the narration benchmark's generated tour (N stops x kk, ru, en, every text with a number),
each measure runs in a fresh interpreter, as `audioguide build` and `check` do, and is CPU
time (the machine is shared, so wall time says more about the neighbours than about us):

- load: `load_tour` with the speech check against `load_tour` without it (the reference);
- speech text: `speech_text` of every stop with its language against without (no normalization).

    .venv/bin/python bench/normalize.py [--stops 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from narration import write_tour

_ONE_RUN = """
import sys, time
import guide.source as source
from audio.speech import speech_text
tour_dir, check, normalize = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"
if not check:
    source.speech_problems = lambda tour: []
start = time.process_time()
tour, problems = source.load_tour(source.Path(tour_dir))
load = time.process_time() - start
start = time.process_time()
for stop in tour.stops:
    for lang, n in stop.narrations.items():
        speech_text(n.title, n.markdown, tour.pronounce.get(lang, {}), lang if normalize else None)
print(load, time.process_time() - start, len(problems))
"""


def run(tour: Path, check: bool, normalize: bool) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", _ONE_RUN, str(tour), str(int(check)), str(int(normalize))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stops", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        tour = write_tour(Path(work), args.stops)
        texts = args.stops * 3
        plain = [run(tour, False, False) for _ in range(args.runs)]
        full = [run(tour, True, True) for _ in range(args.runs)]
    load_ref, load = min(p[0] for p in plain), min(f[0] for f in full)
    text_ref, text = min(p[1] for p in plain), min(f[1] for f in full)
    print(f"{texts} narrations, best of {args.runs} fresh interpreters, CPU seconds")
    print(f"{'':28}{'reference':>10}{'ours':>10}{'extra':>10}")
    print(f"{'load_tour (+ speech check)':28}{load_ref:10.3f}{load:10.3f}{load - load_ref:10.3f}")
    print(f"{'speech_text (+ normalize)':28}{text_ref:10.3f}{text:10.3f}{text - text_ref:10.3f}")
    extra = load - load_ref + text - text_ref
    print(f"extra per narration: {extra / texts * 1000:.2f} ms")


if __name__ == "__main__":
    main()
