"""Lighthouse (mobile, performance) on the tour home and stop pages of the sample build.

    npm install --prefix /tmp/lighthouse lighthouse          # once
    CHROME_PATH=/usr/bin/chromium .venv/bin/python bench/lighthouse.py \
        --lighthouse /tmp/lighthouse/node_modules/.bin/lighthouse [--site SITE]

Builds both samples (unless --site names a built site), serves them with `audioguide serve`'s
app on 127.0.0.1 and prints, per page, the performance score, CLS, LCP and redirects audit.
Goals: performance >= 0.98 and CLS 0 on every page, in a quiet run (nothing else busy).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from live_server import serve  # noqa: E402

from guide.build import BuildOptions, build  # noqa: E402

PAGES = ["alzhir/", "alzhir/ru/", "alzhir/ru/3/", "baitursynov/en/2/"]


def audit(lighthouse: str, url: str) -> dict[str, float]:
    out = subprocess.run(
        [
            lighthouse, url, "--quiet", "--output=json", "--only-categories=performance",
            "--form-factor=mobile", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True, capture_output=True, text=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )  # fmt: skip
    report = json.loads(out.stdout)
    audits = report["audits"]
    return {
        "performance": report["categories"]["performance"]["score"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "redirects": audits["redirects"]["score"] if "redirects" in audits else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--site", type=Path)
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="ag-lh-")) / "site"
        build([ROOT / "guide/samples/alzhir", ROOT / "guide/samples/baitursynov"], site,
              BuildOptions(engine="espeak"))  # fmt: skip
    live = serve(site)
    try:
        print(f"{'page':24} {'perf':>5} {'CLS':>6} {'LCP ms':>7} {'redirects':>9}")
        for page in PAGES:
            got = audit(args.lighthouse, live.url + page)
            print(
                f"{page:24} {got['performance']:5.2f} {got['cls']:6.3f} {got['lcp_ms']:7.0f} "
                f"{got['redirects']:9.2f}"
            )
    finally:
        live.stop()


if __name__ == "__main__":
    main()
