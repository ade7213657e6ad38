"""A rebuild swaps the SITE folder; the server picks up the new one without a restart."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from serve_site import make_site
from starlette.testclient import TestClient

from server import create_app


def _swap(site: Path, new: Path) -> None:
    """What the build does: write beside SITE, then rename into place."""
    old = site.with_name(site.name + ".old")
    os.rename(site, old)
    os.rename(new, site)
    shutil.rmtree(old)


def test_swapped_folder_is_served_after_reload(fresh_site: Path) -> None:
    with TestClient(create_app(fresh_site, reload_interval=0)) as client:
        assert client.get("/alzhir/3", follow_redirects=False).status_code == 404
        new = make_site(fresh_site.with_name("SITE.tmp-1"), stops=3, audio_seconds=2.0)
        _swap(fresh_site, new)
        response = client.get("/alzhir/3", follow_redirects=False)
        assert response.status_code == 302
        audio = next((fresh_site / "alzhir" / "audio").glob("3-kk-*.mp3"))
        assert client.get(f"/alzhir/audio/{audio.name}").content == audio.read_bytes()


def test_no_reload_without_interval(fresh_site: Path) -> None:
    with TestClient(create_app(fresh_site, reload_interval=None)) as client:
        new = make_site(fresh_site.with_name("SITE.tmp-1"), stops=3, audio_seconds=2.0)
        _swap(fresh_site, new)
        assert client.get("/alzhir/3", follow_redirects=False).status_code == 404


def test_missing_site_folder_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(FileNotFoundError, match="build the site first"):
        create_app(tmp_path / "nope")


def test_a_new_build_that_cannot_load_keeps_the_old_one_serving(
    fresh_site: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import server.app

    page = (fresh_site / "alzhir" / "en" / "1" / "index.html").read_bytes()
    with TestClient(create_app(fresh_site, reload_interval=0)) as client:
        new = make_site(fresh_site.with_name("SITE.tmp-1"), stops=3, audio_seconds=2.0)
        (new / "alzhir" / "en" / "1" / "index.html").write_bytes(b"<p>new</p>")
        _swap(fresh_site, new)
        attempts: list[Path] = []

        def broken(root: Path) -> object:  # what a new build's invalid tour.json will raise
            attempts.append(root)
            raise ValueError("alzhir/tour.json: stops[0].number: not an integer")

        monkeypatch.setattr(server.app, "load_site", broken)
        for _ in range(3):
            response = client.get("/alzhir/en/1/")
            assert response.status_code == 200 and response.content == page
        assert client.get("/alzhir/3", follow_redirects=False).status_code == 404
        assert len(attempts) == 1  # tried once, not on every request, until the folder changes
        assert "the new build cannot be served (ValueError: alzhir/tour.json" in caplog.text
        assert "still serving the previous one" in caplog.text
        monkeypatch.undo()
        fixed = make_site(fresh_site.with_name("SITE.tmp-2"), stops=3, audio_seconds=2.0)
        _swap(fresh_site, fixed)
        assert client.get("/alzhir/3", follow_redirects=False).status_code == 302
