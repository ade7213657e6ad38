"""`audioguide publish` against a real S3 API server (moto's server mode, over HTTP, on an
ephemeral loopback port) with boto3 as the client, and IAM credentials checked by the server."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.server import ThreadedMotoServer

from guide.cli import main
from guide.publish import STATE_NAME, LocalFile, publish, s3_client
from server.cache_policy import cache_control
from server.media_types import content_type

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from serve_site import make_site, sine_mp3

BUCKET = "museum"
PREFIX = "guide"


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[str, dict[str, str]]]:
    """(endpoint, the environment of a key allowed to use the bucket)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    admin = {"aws_access_key_id": "admin", "aws_secret_access_key": "admin"}
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", **admin)
    iam.create_user(UserName="publisher")
    iam.put_user_policy(
        UserName="publisher",
        PolicyName="site",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName="publisher")["AccessKey"]
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **admin).create_bucket(
        Bucket=BUCKET
    )
    _set_auth("0")  # from now on the server checks every request's credentials
    try:
        yield (
            endpoint,
            {
                "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
                "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
            },
        )
    finally:
        _set_auth("inf")
        server.stop()


def _set_auth(count: str) -> None:
    """Make the in-process server check credentials after `count` more requests ("inf": never).

    moto's own switch (what its /moto-api/reset-auth sets): the server runs in this process.
    """
    settings.INITIAL_NO_AUTH_ACTION_COUNT = float(count)
    ActionAuthenticatorMixin.request_count = 0


@pytest.fixture
def env(store: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The test's AWS environment: the good key, no config files of this machine."""
    endpoint, keys = store
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name, value in keys.items():
        monkeypatch.setenv(name, value)
    return endpoint


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "SITE", stops=2, audio_seconds=2.0)


@pytest.fixture
def prefix(request: pytest.FixtureRequest) -> str:
    return f"{PREFIX}/{request.node.name}"


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["publish", *args])
    return code, out.getvalue(), err.getvalue()


def _bucket(endpoint: str, prefix: str) -> dict[str, str]:
    """Every object under `prefix`: key -> ETag."""
    client = s3_client(endpoint)
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix + "/")
    return {item["Key"]: item["ETag"] for page in pages for item in page.get("Contents", [])}


def _site_files(site: Path) -> dict[str, Path]:
    return {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts)
    }


def test_publish_then_only_the_changed_stop(env: str, site: Path, prefix: str) -> None:
    target = f"s3://{BUCKET}/{prefix}"
    files = _site_files(site)
    code, out, _ = _cli(str(site), target, "--endpoint-url", env)
    assert code == 0
    assert f"uploaded {len(files)} file(s)" in out and "0 unchanged; deleted 0" in out
    client = s3_client(env)
    for key, path in files.items():
        head = client.head_object(Bucket=BUCKET, Key=f"{prefix}/{key}")
        assert head["ContentType"] == content_type(key), key
        assert head["CacheControl"] == cache_control(key), key
        assert (
            client.get_object(Bucket=BUCKET, Key=f"{prefix}/{key}")["Body"].read()
            == path.read_bytes()
        )
    assert cache_control("sw.js") == "no-cache"
    assert (
        head_of(client, prefix, "assets", ".css")["CacheControl"]
        == "public, max-age=31536000, immutable"
    )

    # Edit stop 2 in English: new text, new narration (a new hashed name), the old one gone.
    (site / "alzhir/en/2/index.html").write_text("<!doctype html><p>Edited</p>", encoding="utf-8")
    old_audio = next((site / "alzhir/audio").glob("2-en-*.mp3"))
    old_audio.unlink()
    (site / "alzhir/audio/2-en-00112233445566.mp3").write_bytes(sine_mp3(2.0, frequency=550.0))
    code, out, _ = _cli(str(site), target, "--endpoint-url", env)
    assert code == 0
    assert "uploaded 2 file(s)" in out and f"{len(files) - 2} unchanged; deleted 0" in out
    assert "1 object(s) no longer in the site are kept for the grace period" in out
    assert f"{prefix}/alzhir/audio/{old_audio.name}" in _bucket(
        env, prefix
    )  # a visitor may need it

    code, out, _ = _cli(str(site), target, "--endpoint-url", env, "--grace", "0")
    assert code == 0 and "uploaded 0 file(s)" in out and "deleted 1" in out
    objects = _bucket(env, prefix)
    assert set(objects) == {f"{prefix}/{key}" for key in _site_files(site)} | {
        f"{prefix}/{STATE_NAME}"
    }


def head_of(client: Any, prefix: str, folder: str, suffix: str) -> dict[str, Any]:
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/{folder}/")["Contents"]
    key = next(item["Key"] for item in listing if item["Key"].endswith(suffix))
    return dict(client.head_object(Bucket=BUCKET, Key=key))


def test_upload_order_hashed_then_pages_then_sw(env: str, site: Path, prefix: str) -> None:
    client = s3_client(env)
    order: list[str] = []
    client.meta.events.register(
        "before-call.s3.PutObject", lambda params, **_: order.append(params["url_path"])
    )
    publish(site, f"s3://{BUCKET}/{prefix}", client=client)
    keys = [path.split(f"/{prefix}/", 1)[1] for path in order if STATE_NAME not in path]
    stages = [LocalFile(key, site, 0, "", "").stage for key in keys]
    assert stages == sorted(stages) and set(stages) == {0, 1, 2, 3}
    assert keys[-1] == "sw.js"
    assert stages[keys.index("alzhir/tour.json")] == 2


def test_dry_run_changes_nothing(env: str, site: Path, prefix: str) -> None:
    target = f"s3://{BUCKET}/{prefix}"
    assert _cli(str(site), target, "--endpoint-url", env)[0] == 0
    before = _bucket(env, prefix)
    (site / "alzhir/en/1/index.html").write_text("<p>changed</p>", encoding="utf-8")
    (site / "offline.html").unlink()
    code, out, _ = _cli(str(site), target, "--endpoint-url", env, "--dry-run", "--grace", "0")
    assert code == 0
    assert "upload alzhir/en/1/index.html" in out and "delete offline.html" in out
    assert "would upload 1 file(s)" in out and "would delete 1" in out
    assert _bucket(env, prefix) == before


def test_wrong_credentials_leave_the_bucket_as_it_was(
    env: str, site: Path, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = f"s3://{BUCKET}/{prefix}"
    assert _cli(str(site), target, "--endpoint-url", env)[0] == 0
    before = _bucket(env, prefix)
    (site / "alzhir/en/1/index.html").write_text("<p>changed</p>", encoding="utf-8")
    with monkeypatch.context() as wrong:
        wrong.setenv("AWS_ACCESS_KEY_ID", "AKIANOTAKEY000000000")
        wrong.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
        code, out, err = _cli(str(site), target, "--endpoint-url", env)
    assert code == 1 and out == ""
    assert f"audioguide: {env} refused the credentials (InvalidAccessKeyId)" in err
    assert "(nothing was changed)" in err
    assert _bucket(env, prefix) == before


def test_no_credentials_at_all(
    env: str, site: Path, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code, _, err = _cli(str(site), f"s3://{BUCKET}/{prefix}", "--endpoint-url", env)
    assert code == 1
    assert "no credentials for the store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in err


def test_unreachable_endpoint(env: str, site: Path, prefix: str) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}"
    before = _bucket(env, prefix)
    code, _, err = _cli(str(site), f"s3://{BUCKET}/{prefix}", "--endpoint-url", nowhere)
    assert code == 1
    assert f"audioguide: cannot reach {nowhere}" in err and "check --endpoint-url" in err
    assert "(nothing was changed)" in err and "Traceback" not in err
    assert _bucket(env, prefix) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["s3:/bucket"], "s3:/bucket: not an s3://BUCKET/PREFIX address"),
        (["s3://museum/x", "--grace", "soon"], "--grace soon: not a duration"),
    ],
)
def test_bad_arguments(env: str, site: Path, args: list[str], message: str) -> None:
    code, _, err = _cli(str(site), *args, "--endpoint-url", env)
    assert code == 1 and message in err
