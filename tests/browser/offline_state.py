"""What a tour's offline copy holds, read from the browser's Cache API (layout: sw.js)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from playwright.sync_api import BrowserContext, Page, Request

SAVED_STATE = """async (tour) => {
  const scope = (await navigator.serviceWorker.ready).scope;
  const name = 'ag|' + scope + '|tour|' + tour;
  if (!(await caches.has(name))) return null;
  const cache = await caches.open(name);
  const res = await cache.match(new URL(tour + '/__ag__/current', scope).href);
  if (!res) return {version: null, languages: [], urls: [], missing: []};
  const cur = await res.json();
  const missing = [];
  for (const [url, hash] of Object.entries(cur.map))
    if (!(await cache.match(new URL(tour + '/__ag__/blob/' + hash, scope).href))) missing.push(url);
  return {version: cur.version, languages: cur.languages, urls: Object.keys(cur.map), missing,
          hashes: cur.map};
}"""


def tour_json(site: Path, tour_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / tour_id / "tour.json").read_text("utf-8"))
    return data


def cache_key(site_url: str, tour_id: str, url: str) -> str:
    """The key sw.js and offline.js give a `tour.json` URL: a folder names its index.html."""
    absolute = urljoin(f"{site_url}{tour_id}/tour.json", url)
    return absolute[: -len("index.html")] if absolute.endswith("/index.html") else absolute


def pack_urls(manifest: dict[str, Any], languages: list[str]) -> set[str]:
    urls = set(manifest["packs"]["shared"]["files"])
    for lang in languages:
        urls |= set(manifest["packs"]["languages"][lang]["files"])
    return urls


def pack_bytes(manifest: dict[str, Any], languages: list[str]) -> int:
    sizes = {f["url"]: f["bytes"] for f in manifest["files"]}
    return sum(sizes[url] for url in pack_urls(manifest, languages))


def saved_state(page: Page, tour_id: str) -> dict[str, Any] | None:
    state: dict[str, Any] | None = page.evaluate(SAVED_STATE, tour_id)
    return state


class DownloadLog:
    """Every request the page made to fill a tour cache (`X-AG-Download`), with its body size."""

    def __init__(self, context: BrowserContext) -> None:
        self.requests: list[Request] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request: Request) -> None:
        if request.headers.get("x-ag-download"):
            self.requests.append(request)

    def urls(self) -> set[str]:
        return {
            r.url[: -len("index.html")] if r.url.endswith("/index.html") else r.url
            for r in self.requests
        }

    def body_bytes(self) -> int:
        return sum(r.sizes()["responseBodySize"] for r in self.requests)
