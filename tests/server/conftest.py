"""Fixtures: a synthetic built site (real MP3s, real pages) and an in-process client on it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from serve_site import make_site
from starlette.testclient import TestClient

from server import create_app

STREAMED_SECONDS = 40.0  # 64 kbit/s x 40 s = 320 KB: above the in-memory limit, so streamed


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("site") / "SITE", audio_seconds=STREAMED_SECONDS)


@pytest.fixture
def client(site: Path) -> Iterator[TestClient]:
    with TestClient(create_app(site, reload_interval=None)) as test_client:
        yield test_client


@pytest.fixture
def fresh_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "SITE", stops=2, audio_seconds=STREAMED_SECONDS)
