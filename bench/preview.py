"""Live preview benchmark: how long from saving one stop to the page that shows it.

Generates the narration benchmark's tour (N stops x 3 languages, espeak-ng), builds it once to
fill a fresh cache (the reference: a cold build), then runs `audioguide serve TOUR` and times,
for several edits of one stop's text, the seconds from the save to the rebuilt site being
served (the summary line, printed once the server has taken the new folder up). Prints each
figure beside the cold build and the ratio, so the per-edit cost shows against the whole.

    python bench/preview.py [--stops 100] [--edits 5]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from narration import TITLES, body, write_tour


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=100)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as temp:
        work = Path(temp)
        tour = write_tour(work, args.stops)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "AUDIOGUIDE_CACHE_DIR": str(work / "cache")}
        cli = [sys.executable, "-m", "guide.cli"]
        start = time.perf_counter()
        subprocess.run([*cli, "-q", "build", str(tour), "-o", str(work / "site"),
                        "--engine", "espeak"], check=True, env=env)  # fmt: skip
        cold = time.perf_counter() - start
        server = subprocess.Popen(
            [*cli, "serve", str(tour), "--port", "0", "--engine", "espeak"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        lines: queue.Queue[str] = queue.Queue()
        assert server.stdout is not None
        stdout = server.stdout
        threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()

        def wait_for(text: str) -> None:
            while text not in lines.get(timeout=600):
                pass

        try:
            wait_for("Application startup complete")
            times = []
            for edit in range(1, args.edits + 1):
                page = tour / "stops" / "001-stop-1" / "en.md"
                started = time.perf_counter()
                page.write_text(f"# {TITLES['en']} 1\n\n{body(1, 'en', edit)}", encoding="utf-8")
                wait_for("Built 1 tour(s)")
                times.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=60)
    median = statistics.median(times)
    print(f"{args.stops} stops x 3 languages, espeak-ng")
    print(f"  cold build (reference)      {cold:8.2f} s")
    print(f"  save -> served, median      {median:8.2f} s  ({100 * median / cold:5.1f}% of cold)")
    print(f"  save -> served, each        {' '.join(f'{t:.2f}' for t in times)} s")


if __name__ == "__main__":
    main()
