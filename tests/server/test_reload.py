"""A rebuild swaps the SITE folder; the server picks up the new one without a restart."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
