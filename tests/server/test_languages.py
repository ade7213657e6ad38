"""The language-neutral stop URL and the 404 page follow the visitor's language."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from server.languages import best_match, choose_language


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "/alzhir/kk/2/"),  # the tour default
        ({"accept-language": "ru-RU,ru;q=0.9,en;q=0.8"}, "/alzhir/ru/2/"),
        ({"accept-language": "de-DE, en-GB;q=0.7, ru;q=0.5"}, "/alzhir/en/2/"),
        ({"accept-language": "fr, de"}, "/alzhir/kk/2/"),
        ({"accept-language": "ru;q=0.2, en;q=0.9"}, "/alzhir/en/2/"),
        ({"accept-language": "en;q=0, ru"}, "/alzhir/ru/2/"),
        ({"cookie": "ag_lang=en", "accept-language": "ru"}, "/alzhir/en/2/"),
        ({"cookie": "theme=dark; ag_lang=ru"}, "/alzhir/ru/2/"),
        (
            {"cookie": "ag_lang=fr", "accept-language": "en"},
            "/alzhir/en/2/",
        ),  # unknown saved choice
    ],
)
def test_stop_url_redirects_to_the_visitors_language(
    client: TestClient, headers: dict[str, str], expected: str
) -> None:
    response = client.get("/alzhir/2", headers=headers, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == expected
    assert response.headers["cache-control"] == "no-store"
    assert client.get(expected).status_code == 200


@pytest.mark.parametrize(
    "path", ["/ALZHIR/2", "/Alzhir/2", "/alzhir/2/", "/alzhir/02", "/ALZHIR/2/"]
)
def test_stop_url_variants_redirect(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"accept-language": "en"}, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/alzhir/en/2/"


def test_stop_url_keeps_the_query(client: TestClient) -> None:
    response = client.get("/alzhir/1?src=qr", follow_redirects=False)
    assert response.headers["location"] == "/alzhir/kk/1/?src=qr"


@pytest.mark.parametrize("path", ["/alzhir/99", "/nosuchtour/1", "/alzhir/1x"])
def test_unknown_stop_is_404(client: TestClient, path: str) -> None:
    assert client.get(path, follow_redirects=False).status_code == 404


@pytest.mark.parametrize(
    ("headers", "lang"),
    [
        ({"accept-language": "ru-RU,ru;q=0.9"}, "ru"),
        ({"accept-language": "en-US"}, "en"),
        ({"cookie": "ag_lang=kk", "accept-language": "en"}, "kk"),
        ({"accept-language": "fr"}, None),
        ({}, None),
    ],
)
def test_404_page_in_the_visitors_language(
    client: TestClient, site: object, headers: dict[str, str], lang: str | None
) -> None:
    from pathlib import Path

    assert isinstance(site, Path)
    response = client.get("/no/such/page", headers=headers)
    assert response.status_code == 404
    expected = site / (f"404.{lang}.html" if lang else "404.html")
    assert response.content == expected.read_bytes()
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers.get("content-language") == lang


def test_best_match_rules() -> None:
    assert best_match("kk-KZ, ru;q=0.8", ["ru", "kk"]) == "kk"
    assert best_match("zh-Hant-TW", ["en", "zh-hant"]) == "zh-hant"
    assert best_match("*", ["en"]) is None
    assert best_match("en;q=abc, ru", ["en", "ru"]) == "ru"
    assert choose_language("ag_lang=RU", "", ["kk", "ru"], "kk") == "ru"
    assert choose_language("", "", ["kk", "ru"], "kk") == "kk"
