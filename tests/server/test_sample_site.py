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


def test_tour_home_answers_in_the_visitors_language_at_its_own_url(client: TestClient) -> None:
    """No redirect and no second page: `<tour>/` is the home in the chosen language."""
    by_header = client.get("/alzhir/", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert by_header.status_code == 200 and '<html lang="ru"' in by_header.text
    assert {"Accept-Language", "Cookie"} <= {
        v.strip() for v in by_header.headers["vary"].split(",")
    }
    by_cookie = client.get("/alzhir/", headers={"accept-language": "ru", "cookie": "ag_lang=en"})
    assert '<html lang="en"' in by_cookie.text
    assert by_cookie.headers["etag"] != by_header.headers["etag"]
    default = client.get("/alzhir/", headers={"accept-language": "fr"})
    assert '<html lang="kk"' in default.text
    again = client.get(
        "/alzhir/", headers={"accept-language": "ru", "if-none-match": by_header.headers["etag"]}
    )
    assert again.status_code == 304 and "Cookie" in again.headers["vary"]
    # the page links resolve from <tour>/ (depth 1), like the default home's
    stylesheet = by_header.text.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert client.get(urljoin("/alzhir/", stylesheet)).status_code == 200
