"""Nothing outside SITE is ever served; no listings; folder URLs get their slash."""

from __future__ import annotations

import asyncio
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.types import Message

from server import create_app

SECRET = b"TOP-SECRET-OUTSIDE-SITE"


@pytest.fixture
def guarded_site(fresh_site: Path) -> Path:
    """A site with a secret beside it, symlinks pointing out, and hidden files inside."""
    (fresh_site.parent / "secret.txt").write_bytes(SECRET)
    (fresh_site / "leak.txt").symlink_to(fresh_site.parent / "secret.txt")
    (fresh_site / "leakdir").symlink_to(fresh_site.parent)
    (fresh_site / ".env").write_bytes(SECRET)
    (fresh_site / ".git").mkdir()
    (fresh_site / ".git" / "config").write_bytes(SECRET)
    (fresh_site / "inside.txt").symlink_to(fresh_site / "alzhir" / "tour.json")
    os.mkfifo(fresh_site / "pipe.txt")
    return fresh_site


@pytest.fixture
def guarded(guarded_site: Path) -> TestClient:
    return TestClient(create_app(guarded_site, reload_interval=None))


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/alzhir/%2e%2e/%2e%2e/secret.txt",
        "/alzhir/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/alzhir\\..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/.env",
        "/.git/config",
        "/alzhir/./../../secret.txt",
        "/index.html%00.txt",
        "/pipe.txt",
        "/alzhir//../../secret.txt",
        "/etc/passwd",
    ],
)
def test_traversal_attempts_are_404(guarded: TestClient, path: str) -> None:
    response = guarded.get(path, follow_redirects=False)
    assert response.status_code in (400, 404), path
    assert SECRET not in response.content


def test_symlink_inside_the_site_is_served(guarded: TestClient, guarded_site: Path) -> None:
    response = guarded.get("/inside.txt")
    assert response.status_code == 200
    assert response.content == (guarded_site / "alzhir" / "tour.json").read_bytes()


@pytest.mark.parametrize("path", ["/alzhir/audio/", "/alzhir/print/qr/", "/assets/", "/alzhir/en/"])
def test_no_directory_listing(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 404
    assert b"<html" in response.content  # the 404 page, not a listing
    assert b".mp3" not in response.content


@pytest.mark.parametrize(
    ("path", "location"), [("/alzhir/en/1", "/alzhir/en/1/"), ("/alzhir", "/alzhir/")]
)
def test_folder_url_without_slash_redirects(client: TestClient, path: str, location: str) -> None:
    response = client.get(path + "?from=qr", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == location + "?from=qr"


_PIECES = ["/", ".", "..", "%2e", "%2f", "%5c", "\\", "%00", "alzhir", "en", "1", "audio"]
_path_alphabet = st.sampled_from([*_PIECES, "secret.txt", "~", "%", "?", *string.ascii_letters[:6]])


def _asgi_get(app: Starlette, path: str) -> tuple[int, bytes]:
    """One GET straight through the ASGI interface, with a path no HTTP client would send."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8", "surrogateescape"),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
    }
    asyncio.run(app(scope, receive, send))
    status = sent[0]["status"]
    return status, b"".join(m.get("body", b"") for m in sent[1:])


def test_fuzzed_paths_never_fail_or_escape(guarded_site: Path) -> None:
    app = create_app(guarded_site, reload_interval=None)

    @settings(max_examples=400, deadline=None)
    @given(
        parts=st.lists(st.one_of(_path_alphabet, st.text(max_size=4)), max_size=10),
        prefix=st.sampled_from(["/", "/alzhir/", "//", "", "/leakdir/"]),
    )
    def check(parts: list[str], prefix: str) -> None:
        path = prefix + "".join(parts)
        status, body = _asgi_get(app, path)
        assert status in (200, 206, 302, 308, 404), path
        assert SECRET not in body

    check()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.one_of(
        st.text(alphabet="bytes=-0123456789, ;\t", max_size=30),
        st.builds(lambda a, b: f"bytes={a}-{b}", st.integers(0, 10**7), st.integers(0, 10**7)),
        st.builds(lambda a: f"bytes=-{a}", st.integers(0, 10**7)),
    )
)
def test_fuzzed_ranges_give_consistent_answers(client: TestClient, site: Path, header: str) -> None:
    audio = next((site / "alzhir" / "audio").iterdir())
    data = audio.read_bytes()
    response = client.get(f"/alzhir/audio/{audio.name}", headers={"range": header})
    assert response.status_code in (200, 206, 416), header
    if response.status_code == 200:
        assert response.content == data
    elif response.status_code == 206:
        span, _, total = response.headers["content-range"].removeprefix("bytes ").partition("/")
        first, _, last = span.partition("-")
        assert int(total) == len(data)
        assert response.content == data[int(first) : int(last) + 1]
        assert len(response.content) == int(response.headers["content-length"]) > 0
