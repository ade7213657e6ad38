"""Files: Range, HEAD, ETag/304, caching, compression and security headers, in-process."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from server.security_headers import CONTENT_SECURITY_POLICY

IMMUTABLE = "public, max-age=31536000, immutable"


def _audio(site: Path) -> tuple[str, bytes]:
    tour = json.loads((site / "alzhir" / "tour.json").read_text(encoding="utf-8"))
    url = tour["stops"][0]["audio"]["kk"]["url"]
    return f"/alzhir/{url}", (site / "alzhir" / url).read_bytes()


def test_whole_audio_file_is_streamed_byte_for_byte(client: TestClient, site: Path) -> None:
    url, data = _audio(site)
    assert len(data) > 256 * 1024  # the streamed path, not the in-memory one
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "audio/mpeg"
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["accept-ranges"] == "bytes"
    assert "content-encoding" not in response.headers
    assert "vary" not in response.headers


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-1", 0, 1),
        ("bytes=100-", 100, None),
        ("bytes=-500", -500, None),
        ("bytes=10-99999999", 10, None),
        ("bytes=4095-4095", 4095, 4095),  # the last byte of the head held in memory
        ("bytes=4090-4100", 4090, 4100),  # across the end of that head: read from the file
        ("bytes=4096-4097", 4096, 4097),
    ],
)
def test_range_answers_206_with_the_exact_bytes(
    client: TestClient, site: Path, header: str, first: int, last: int | None
) -> None:
    url, data = _audio(site)
    response = client.get(url, headers={"range": header})
    assert response.status_code == 206
    expected = data[first : None if last is None else last + 1] if first >= 0 else data[first:]
    assert response.content == expected
    start = first if first >= 0 else len(data) + first
    assert (
        response.headers["content-range"]
        == f"bytes {start}-{start + len(expected) - 1}/{len(data)}"
    )
    assert response.headers["content-length"] == str(len(expected))


def test_range_on_a_file_held_in_memory(client: TestClient, site: Path) -> None:
    data = (site / "alzhir" / "en" / "1" / "index.html").read_bytes()
    response = client.get(
        "/alzhir/en/1/", headers={"range": "bytes=5-20", "accept-encoding": "gzip"}
    )
    assert response.status_code == 206
    assert response.content == data[5:21]
    assert "content-encoding" not in response.headers


@pytest.mark.parametrize("header", ["bytes=99999999-", "bytes=-0", "bytes=320574000-320574001"])
def test_unsatisfiable_range_is_416(client: TestClient, site: Path, header: str) -> None:
    url, data = _audio(site)
    response = client.get(url, headers={"range": header})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(data)}"
    assert response.content == b""


@pytest.mark.parametrize(
    "header", ["bytes=0-1,5-9", "items=0-1", "bytes=5-2", "bytes=abc", "bytes="]
)
def test_multi_or_malformed_range_gets_the_whole_file(
    client: TestClient, site: Path, header: str
) -> None:
    url, data = _audio(site)
    response = client.get(url, headers={"range": header})
    assert response.status_code == 200
    assert response.content == data


def test_if_range_with_a_stale_etag_gets_the_whole_file(client: TestClient, site: Path) -> None:
    url, data = _audio(site)
    etag = client.head(url).headers["etag"]
    assert client.get(url, headers={"range": "bytes=0-1", "if-range": etag}).status_code == 206
    stale = client.get(url, headers={"range": "bytes=0-1", "if-range": '"stale"'})
    assert stale.status_code == 200
    assert stale.content == data


def test_head_has_the_headers_and_no_body(client: TestClient, site: Path) -> None:
    url, data = _audio(site)
    response = client.head(url)
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(data))
    assert response.content == b""
    partial = client.head(url, headers={"range": "bytes=0-9"})
    assert partial.status_code == 206
    assert partial.headers["content-length"] == "10"
    assert partial.content == b""


@pytest.mark.parametrize("path", ["/alzhir/en/1/", "/alzhir/tour.json", None])
def test_etag_revalidation_gives_304(client: TestClient, site: Path, path: str | None) -> None:
    url = path or _audio(site)[0]
    first = client.get(url, headers={"accept-encoding": "gzip"})
    etag = first.headers["etag"]
    again = client.get(url, headers={"if-none-match": etag, "accept-encoding": "gzip"})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == first.headers["cache-control"]
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_changed_content_changes_the_etag(fresh_site: Path) -> None:
    from server import create_app

    page = fresh_site / "alzhir" / "en" / "1" / "index.html"
    with TestClient(create_app(fresh_site, reload_interval=None)) as first:
        before = first.get("/alzhir/en/1/").headers["etag"]
    page.write_bytes(page.read_bytes() + b"<!-- changed -->")
    with TestClient(create_app(fresh_site, reload_interval=None)) as second:
        assert second.get("/alzhir/en/1/").headers["etag"] != before


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "no-cache"),
        ("/alzhir/", "no-cache"),
        ("/alzhir/en/1/", "no-cache"),
        ("/sw.js", "no-cache"),
        ("/alzhir/tour.json", "no-cache"),
        ("/alzhir/manifest.webmanifest", "no-cache"),
        ("/offline.html", "no-cache"),
    ],
)
def test_cache_control_of_pages_and_manifests(client: TestClient, path: str, expected: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["cache-control"] == expected


def test_hashed_files_are_immutable(client: TestClient, site: Path) -> None:
    hashed = [
        "/" + p.relative_to(site).as_posix()
        for p in [
            *site.glob("assets/*"),
            *site.glob("alzhir/audio/*"),
            *site.glob("alzhir/images/*"),
        ]
    ]
    assert len(hashed) >= 2 + 9 + 3
    for url in hashed:
        assert client.head(url).headers["cache-control"] == IMMUTABLE, url
    assert client.head("/alzhir/print/qr/1.svg").headers["cache-control"] == "no-cache"


def test_text_is_gzipped_and_audio_and_images_never(client: TestClient, site: Path) -> None:
    page = client.get("/alzhir/en/1/", headers={"accept-encoding": "br, gzip;q=0.8"})
    assert page.headers["content-encoding"] == "gzip"
    assert page.headers["vary"] == "Accept-Encoding"
    assert (
        page.content == (site / "alzhir" / "en" / "1" / "index.html").read_bytes()
    )  # httpx decodes
    assert (
        int(page.headers["content-length"]) < (site / "alzhir/en/1/index.html").stat().st_size / 2
    )
    refused = client.get("/alzhir/en/1/", headers={"accept-encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers
    for url in [
        _audio(site)[0],
        "/" + next(site.glob("alzhir/images/*")).relative_to(site).as_posix(),
    ]:
        response = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
        assert "content-encoding" not in response.headers, url


def test_gzip_body_decodes_to_the_file(client: TestClient, site: Path) -> None:
    with client.stream("GET", "/alzhir/tour.json", headers={"accept-encoding": "gzip"}) as response:
        packed = b"".join(response.iter_raw())
    assert gzip.decompress(packed) == (site / "alzhir" / "tour.json").read_bytes()


@pytest.mark.parametrize(
    "path", ["/", "/alzhir/en/1/", "/nope", "/alzhir/1", "/alzhir/en/1", "/healthz"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_other_methods_are_refused(client: TestClient) -> None:
    response = client.post("/alzhir/en/1/")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["tours"] == ["alzhir"]
