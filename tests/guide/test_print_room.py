"""The print room: SITE/<tour>/print/index.html, for staff, from the built sample tours."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from guide.build import BuildOptions, BuildSummary, build

pytestmark = pytest.mark.slow


class Page(HTMLParser):
    """The parts of a page these tests read: rows, durations, links, meta tags and text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: dict[tuple[int, str], dict[str, str]] = {}
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.scripts = 0
        self.text: list[str] = []
        self._row: tuple[int, str] | None = None
        self._cells: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "tr" and "data-stop" in a:
            self._row = (int(a["data-stop"]), a["data-lang"])
            self.rows[self._row] = {"durations": "", "text": ""}
        if tag == "time" and self._row is not None:
            self.rows[self._row]["durations"] += a["datetime"]
        if tag in ("a", "link", "img") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a["src"])
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a["content"]
        if tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._row is not None:
            self.rows[self._row]["text"] += data


def seconds(duration: str) -> float:
    assert duration.startswith("PT") and duration.endswith("S"), duration
    return float(duration[2:-1])


@pytest.mark.parametrize("tour_id", ["alzhir", "baitursynov"])
def test_lists_every_stop_and_language_with_the_lengths_of_tour_json(
    sample_site: Path, tour_id: str
) -> None:
    manifest = json.loads((sample_site / tour_id / "tour.json").read_text("utf-8"))
    page = Page((sample_site / tour_id / "print" / "index.html").read_text("utf-8"))
    expected = {
        (stop["number"], lang): stop["audio"][lang]
        for stop in manifest["stops"]
        for lang in manifest["languages"]
    }
    assert set(page.rows) == set(expected)
    for key, audio in expected.items():
        assert seconds(page.rows[key]["durations"]) == audio["seconds"], key
        assert audio["engine"] in page.rows[key]["text"], key  # "espeak: kk", "piper: ..."


@pytest.mark.parametrize("tour_id", ["alzhir", "baitursynov"])
def test_every_link_resolves_offline_and_nothing_visitors_see_links_here(
    sample_site: Path, tour_id: str
) -> None:
    folder = sample_site / tour_id / "print"
    page = Page((folder / "index.html").read_text("utf-8"))
    assert page.meta["robots"] == "noindex, nofollow"
    assert page.scripts == 0  # works with no script at all
    manifest = json.loads((sample_site / tour_id / "tour.json").read_text("utf-8"))
    targets = {"placards.pdf", "placards-a4.pdf", "print.css"}
    for stop in manifest["stops"]:
        targets |= {f"qr/{stop['number']}.svg", f"qr/{stop['number']}.png"}
    assert targets <= set(page.links)
    for link in page.links:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc and not link.startswith("/"), link
        target = (folder / unquote(parts.path)).resolve()
        assert target.is_file() and target.is_relative_to(sample_site.resolve()), link
    # staff only: not in the offline download, and no visitor page links to it
    assert not [f for f in manifest["files"] if "print/" in f["url"]]
    for html in sample_site.rglob("*.html"):
        if "print" not in html.relative_to(sample_site).parts:
            assert "print/" not in html.read_text("utf-8"), html


def test_missing_translation_and_alt_text_are_marked_in_words(
    new_tour: Path, narration_cache: Path, tmp_path: Path
) -> None:
    (new_tour / "stops" / "01-welcome" / "ru.md").unlink()
    second = new_tour / "stops" / "02-first-room"
    Image.new("RGB", (40, 30), (120, 110, 100)).save(second / "image.png")
    (second / "stop.toml").write_text('[alt]\nen = "A <b>room</b>"\n', encoding="utf-8")
    site = tmp_path / "site"
    summary: BuildSummary = build(
        [new_tour], site, BuildOptions(engine="espeak", cache_dir=narration_cache)
    )
    html = (site / "my-tour" / "print" / "index.html").read_text("utf-8")
    page = Page(html)
    assert "Missing" in page.rows[(1, "ru")]["text"]
    assert "missing translation" in page.rows[(1, "ru")]["text"]
    assert "Missing" not in page.rows[(1, "en")]["text"]
    assert "Missing" in page.rows[(2, "ru")]["text"]  # alt text only in en
    assert "Missing" not in page.rows[(2, "en")]["text"]
    assert "2 missing translation(s) or alt text(s)" in "".join(page.text)
    assert "<b>" not in html  # every text from the tour is escaped
    assert any("ru.md" in str(w) for w in summary.warnings)
