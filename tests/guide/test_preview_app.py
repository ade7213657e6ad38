"""The preview's ASGI wrapper, in process: what it adds to pages, and only to pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from guide.preview.app import PreviewApp
from guide.preview.csp import allow_self
from guide.preview.state import BuildState, BuildStates
from server import create_app

PAGE = b"<!doctype html><html><head><title>t</title></head><body><h1>Hi</h1></body></html>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_bytes(PAGE * 40)  # big enough for the server to gzip it
    (folder / "assets" / "app.css").write_bytes(b"body { color: black }\n" * 100)
    return folder


def test_pages_get_the_reload_script_and_nothing_else_changes(site: Path) -> None:
    states = BuildStates()
    states.publish(BuildState(generation=7))
    client = TestClient(PreviewApp(create_app(site), states))
    plain = TestClient(create_app(site))

    page = client.get("/", headers={"accept-encoding": "gzip"})
    script = b'<script src="/__preview__/reload.js" data-build="7" defer></script>'
    assert page.content == (PAGE * 40).replace(b"</head>", script + b"</head>", 1)
    assert "content-encoding" not in page.headers and "etag" not in page.headers
    assert int(page.headers["content-length"]) == len(page.content)
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]

    original = plain.get("/assets/app.css", headers={"accept-encoding": "identity"})
    css = client.get("/assets/app.css")
    assert css.content == original.content and css.headers["etag"] == original.headers["etag"]

    reload_js = client.get("/__preview__/reload.js")
    assert reload_js.headers["content-type"].startswith("text/javascript")
    assert b"textContent" in reload_js.content and b"innerHTML" not in reload_js.content
    assert client.get("/__preview__/other.js").status_code == 404
    # and the site app alone knows nothing of it
    assert plain.get("/__preview__/reload.js").status_code == 404
    assert b"__preview__" not in plain.get("/").content


def test_build_state_event_says_which_build_and_why_it_failed() -> None:
    event = BuildState(3, "stops/01/en.md:1: error: <b>").event().decode()
    assert event.startswith("event: build\nid: 3\ndata: ")
    assert '"build": 3' in event and '"error": "stops/01/en.md:1: error: <b>"' in event
    assert event.endswith("\n\n") and event.count("\n") == 4


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("default-src 'self'; script-src 'self'", "default-src 'self'; script-src 'self'"),
        (
            "default-src 'none'; script-src 'none'; style-src 'self'",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'",
        ),
        ("img-src 'self'", "img-src 'self'"),
        (
            "script-src https://cdn.example; connect-src 'none'",
            "script-src https://cdn.example 'self'; connect-src 'self'",
        ),
    ],
)
def test_csp_is_widened_to_self_only_where_needed(policy: str, expected: str) -> None:
    assert allow_self(policy) == expected


@pytest.mark.slow
def test_a_built_site_has_no_trace_of_the_preview(sample_site: Path) -> None:
    for file in sample_site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".js", ".json", ".css"):
            assert b"__preview__" not in file.read_bytes(), file
