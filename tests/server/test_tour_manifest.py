"""Every tour.json the server loads is checked: a bad one at start is an error naming the file;
a bad one in a rebuilt site is logged and the previous site stays served."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from serve_site import make_site
from starlette.testclient import TestClient

from guide.cli import main
from server import create_app
from server.tour_manifest import ManifestError, check_site

BREAKAGES = {
    "not json": lambda data: "{ not json",
    "a list": lambda data: [],
    "no languages": lambda data: {**data, "languages": []},
    "language with newline": lambda data: {**data, "languages": ["kk\n"]},
    "id of another folder": lambda data: {**data, "id": "other"},
    "default not a language": lambda data: {**data, "default_language": "de"},
    "number a text": lambda data: {**data, "stops": [{**data["stops"][0], "number": "1"}]},
    "number a boolean": lambda data: {**data, "stops": [{**data["stops"][0], "number": True}]},
    "stops not a list": lambda data: {**data, "stops": {"1": {}}},
    "pages not texts": lambda data: {**data, "stops": [{"number": 1, "pages": {"kk": 5}}]},
    "number twice": lambda data: {**data, "stops": [data["stops"][0], data["stops"][0]]},
}


def _break(site: Path, case: str) -> Path:
    path = site / "alzhir" / "tour.json"
    broken = BREAKAGES[case](json.loads(path.read_text(encoding="utf-8")))
    path.write_text(broken if isinstance(broken, str) else json.dumps(broken), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", BREAKAGES)
def test_a_bad_tour_json_at_start_is_an_error_naming_it(
    case: str, fresh_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _break(fresh_site, case)
    with pytest.raises(ManifestError, match=f"{path}: not a valid tour.json"):
        check_site(fresh_site)
    with pytest.raises(ManifestError, match=str(path)):
        create_app(fresh_site)
    assert main(["serve", str(fresh_site), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert f"audioguide: {path}: not a valid tour.json" in err and "Traceback" not in err


def test_the_good_site_checks(fresh_site: Path) -> None:
    (tour,) = check_site(fresh_site)
    assert tour.id == "alzhir" and tour.stop_pages


def test_a_bad_rebuild_keeps_the_previous_site_served(
    fresh_site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(create_app(fresh_site, reload_interval=0)) as client:
        assert client.get("/alzhir/1", follow_redirects=False).status_code == 302
        new = make_site(fresh_site.with_name("SITE.tmp-1"), stops=3, audio_seconds=2.0)
        path = _break(new, "number a text")
        old = fresh_site.with_name("SITE.old")
        os.rename(fresh_site, old)
        os.rename(new, fresh_site)
        with caplog.at_level(logging.WARNING, logger="server.app"):
            response = client.get("/alzhir/1", follow_redirects=False)
        assert response.status_code == 302  # the previous site's redirect
        assert client.get("/alzhir/3", follow_redirects=False).status_code == 404
        assert "cannot be served" in caplog.text and "still serving the previous one" in caplog.text
        assert "stops[0].number" in caplog.text and "tour.json" in caplog.text
        assert str(path.relative_to(new)) in caplog.text
        shutil.rmtree(old)
