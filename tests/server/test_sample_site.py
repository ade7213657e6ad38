"""The server over the real build of the sample tours (not the synthetic bench site)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from starlette.testclient import TestClient

from server import create_app


@pytest.fixture(scope="module")
def client(sample_site: Path) -> TestClient:
    return TestClient(create_app(sample_site, reload_interval=None))


def test_qr_url_lands_on_a_stop_page_that_names_its_audio(client: TestClient) -> None:
    hop = client.get("/alzhir/3", headers={"accept-language": "ru"}, follow_redirects=False)
    assert hop.status_code == 302
    assert hop.headers["location"].endswith("/alzhir/ru/3/")
    page = client.get(hop.headers["location"])
    assert page.status_code == 200
    assert "no-cache" in page.headers["cache-control"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    audio = page.text.split("<audio", 1)[1].split('src="', 1)[1].split('"', 1)[0]
    mp3 = client.get(urljoin("/alzhir/ru/3/", audio), headers={"range": "bytes=0-99"})
    assert mp3.status_code == 206
    assert len(mp3.content) == 100
    assert "immutable" in mp3.headers["cache-control"]


def test_not_found_page_works_at_any_depth(client: TestClient, sample_site: Path) -> None:
    response = client.get("/alzhir/en/999/", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert "<base" not in response.text  # the CSP's base-uri 'none' would block it
    stylesheet = response.text.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert stylesheet.startswith("/assets/")  # root-absolute: resolves at any depth
    assert client.get(stylesheet).status_code == 200
