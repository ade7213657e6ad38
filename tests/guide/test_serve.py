"""`audioguide serve TOUR`: builds, serves, and rebuilds when a tour file changes."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest
from serving import ServeProcess

pytestmark = pytest.mark.slow


def test_serve_builds_then_rebuilds_on_change(preview: ServeProcess, new_tour: Path) -> None:
    out, url = preview, preview.url
    first = httpx.get(f"{url}/my-tour/tour.json").json()
    assert first["stops"][0]["title"]["en"] == "Welcome"
    # the QR codes of a served tour point at the server itself
    assert first["base_url"] == url

    page = new_tour / "stops/01-welcome/en.md"
    page.write_text(page.read_text().replace("# Welcome", "# Welcome, visitor"))
    out.wait_for("Built 1 tour(s)")
    second = httpx.get(f"{url}/my-tour/tour.json").json()
    assert second["stops"][0]["title"]["en"] == "Welcome, visitor"
    assert second["version"] != first["version"]
    stop = httpx.get(f"{url}/my-tour/en/1/")
    assert "Welcome, visitor" in stop.text

    # a broken edit keeps the previous build online
    page.write_text("no title any more\n")
    out.wait_for("previous build is still served")
    assert httpx.get(f"{url}/my-tour/tour.json").json()["version"] == second["version"]


def test_rebuild_prints_warnings_and_summary_like_build(
    preview: ServeProcess, new_tour: Path
) -> None:
    out = preview
    (new_tour / "stops/02-first-room/ru.md").unlink()
    warning = out.wait_for("warning:")
    assert "02-first-room" in warning and "ru.md" in warning
    assert out.wait_for("Built 1 tour(s)").startswith("Built 1 tour(s), 2 stops, 2 languages")


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_temporary_site_is_removed_when_the_server_stops(
    new_tour: Path, narration_cache: Path, tmp_path: Path, stop_signal: signal.Signals
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = ServeProcess(new_tour, narration_cache, env={"TMPDIR": str(temp)})
    try:
        out.started()
        assert out.site.parent.parent == temp and (out.site / "my-tour" / "tour.json").is_file()
        with httpx.stream("GET", out.url + "/__preview__/events") as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            out.process.send_signal(stop_signal)  # with an event stream open: it must not hang
            assert out.process.wait(timeout=30) == 130
    finally:
        out.stop()
    assert list(temp.iterdir()) == []
