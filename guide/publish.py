"""Publishing a built site to S3-compatible object storage (AWS S3, Cloudflare R2, Backblaze B2,
MinIO, Ceph), for a CDN in front of it: `audioguide publish SITE s3://BUCKET/PREFIX`.

Every object gets the `Content-Type` and `Cache-Control` that `audioguide serve` sends for the same
file (`server.media_types`, `server.cache_policy`). Only files whose content changed are sent: a
single-part upload's ETag is its MD5, compared with the local file's; stores whose ETag is not
(encryption with KMS) are asked for the SHA-256 each upload records in the object's metadata.

Uploads go in the order that keeps a visitor's view consistent while it runs: hashed assets and
audio first (nothing refers to them yet), then the other files, then pages, manifests and
`tour.json` (which refer to the former), then `sw.js` (which starts the visitors' update).
Objects no longer in the site are deleted last, and only once they have been missing for the
grace period: a page a visitor loaded before the publish still finds its audio. When they went
missing is kept in one small object, `PREFIX.audioguide-publish.json`.

Credentials come from the usual AWS environment variables, shared config files or instance
role (boto3's chain), never from the command line.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from guide.errors import AudioguideError
from server.cache_policy import cache_control, has_content_hash
from server.media_types import content_type
from server.site_index import walk_site

logger = logging.getLogger(__name__)

STATE_NAME = ".audioguide-publish.json"
UPLOAD_THREADS = 8
_MD5_ETAG = re.compile(r'"?([0-9a-f]{32})"?')
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class PublishError(AudioguideError):
    """The store refused or could not be reached; the message says which and what to do."""


@dataclass(frozen=True)
class LocalFile:
    key: str  # path relative to SITE, "/"-separated
    path: Path
    size: int
    md5: str
    sha256: str

    @property
    def stage(self) -> int:
        """Upload order: 0 hashed names, 1 other files, 2 pages/manifests/tour.json, 3 sw.js."""
        name = PurePosixPath(self.key).name
        if self.key == "sw.js":
            return 3
        if name.endswith((".html", ".webmanifest")) or name == "tour.json":
            return 2
        return 0 if has_content_hash(name) else 1


@dataclass
class Report:
    uploaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    waiting: dict[str, float] = field(default_factory=dict)  # key -> seconds until deleted
    uploaded_bytes: int = 0

    def lines(self, dry_run: bool) -> list[str]:
        verb = "would upload" if dry_run else "uploaded"
        gone = "would delete" if dry_run else "deleted"
        out = [
            f"{verb} {len(self.uploaded)} file(s), {self.uploaded_bytes / 1e6:.1f} MB; "
            f"{len(self.unchanged)} unchanged; {gone} {len(self.deleted)}"
        ]
        if self.waiting:
            soonest = min(self.waiting.values())
            out.append(
                f"{len(self.waiting)} object(s) no longer in the site are kept for the grace "
                f"period (the first can go in {soonest / 3600:.1f} h: publish again then)"
            )
        return out


def parse_target(target: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` -> ("bucket", "some/prefix/")."""
    if not target.startswith("s3://") or not target[5:].split("/", 1)[0]:
        raise PublishError(f"{target}: not an s3://BUCKET/PREFIX address")
    bucket, _, prefix = target[5:].partition("/")
    prefix = prefix.strip("/")
    return bucket, prefix + "/" if prefix else ""


def parse_grace(text: str) -> float:
    """`0`, `90s`, `30m`, `24h`, `7d` -> seconds."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise PublishError(f"--grace {text}: not a duration such as 0, 90m, 24h or 7d")
    return float(match.group(1)) * _SECONDS[match.group(2)]


def local_files(site: Path) -> list[LocalFile]:
    """The files `audioguide serve` would serve from SITE, hashed."""
    real_root = os.path.realpath(site)
    found = []
    for key, real in walk_site(real_root):
        md5, sha256 = hashlib.md5(usedforsecurity=False), hashlib.sha256()
        with open(real, "rb") as handle:
            while chunk := handle.read(1 << 20):
                md5.update(chunk)
                sha256.update(chunk)
        found.append(
            LocalFile(key, Path(real), os.path.getsize(real), md5.hexdigest(), sha256.hexdigest())
        )
    return found


def publish(
    site: Path,
    target: str,
    *,
    client: Any,
    dry_run: bool = False,
    grace_seconds: float = 86400.0,
    now: Callable[[], float] = time.time,
) -> Report:
    """Make s3://BUCKET/PREFIX hold SITE; `client` is a boto3 S3 client."""
    from botocore.exceptions import BotoCoreError, ClientError

    if not (site / "index.html").is_file():
        raise PublishError(f"{site}: not a built site (no index.html); run audioguide build")
    bucket, prefix = parse_target(target)
    files = sorted(local_files(site), key=lambda f: (f.stage, f.key))
    sent: list[str] = []  # uploaded so far, for the error message
    try:
        remote = _remote_etags(client, bucket, prefix)
        state = _read_state(client, bucket, prefix + STATE_NAME) if STATE_NAME in remote else {}
        report = Report()
        changed = [f for f in files if not _same(client, bucket, prefix, f, remote.get(f.key))]
        report.unchanged = [f.key for f in files if f not in changed]
        report.uploaded = [f.key for f in changed]
        report.uploaded_bytes = sum(f.size for f in changed)
        present = {f.key for f in files}
        missing = sorted(k for k in remote if k not in present and k != STATE_NAME)
        at = now()
        since = {k: float(state.get(k, at)) for k in missing}
        for key in missing:
            left = since[key] + grace_seconds - at
            if left <= 0:
                report.deleted.append(key)
            else:
                report.waiting[key] = left
        if dry_run:
            return report
        for stage in range(4):
            _upload_all(client, bucket, prefix, [f for f in changed if f.stage == stage], sent)
        for start in range(0, len(report.deleted), 1000):
            batch = report.deleted[start : start + 1000]
            client.delete_objects(
                Bucket=bucket,
                Delete={"Objects": [{"Key": prefix + k} for k in batch], "Quiet": True},
            )
        kept = {k: v for k, v in since.items() if k in report.waiting}
        if kept != state:
            _write_state(client, bucket, prefix + STATE_NAME, kept)
    except ClientError as error:
        message = _client_error(error, bucket, client)
    except BotoCoreError as error:
        message = _connection_error(error, client)
    else:
        return report
    done = f"{len(sent)} file(s) were uploaded before it" if sent else "nothing was changed"
    raise PublishError(f"{message} ({done})")


def _remote_etags(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            found[item["Key"][len(prefix) :]] = item.get("ETag", "")
    return found


def _same(client: Any, bucket: str, prefix: str, file: LocalFile, etag: str | None) -> bool:
    if etag is None:
        return False
    md5 = _MD5_ETAG.fullmatch(etag)
    if md5 is not None:
        return md5.group(1) == file.md5
    head = client.head_object(Bucket=bucket, Key=prefix + file.key)  # ETag is not an MD5 here
    return bool(head.get("Metadata", {}).get("sha256") == file.sha256)


def _upload_all(
    client: Any, bucket: str, prefix: str, files: Iterable[LocalFile], sent: list[str]
) -> None:
    def upload(file: LocalFile) -> None:
        with open(file.path, "rb") as body:
            client.put_object(
                Bucket=bucket,
                Key=prefix + file.key,
                Body=body,
                ContentType=content_type(file.key),
                CacheControl=cache_control(file.key),
                ContentMD5=base64.b64encode(bytes.fromhex(file.md5)).decode(),
                Metadata={"sha256": file.sha256},
            )
        sent.append(file.key)
        logger.info("uploaded %s", file.key)

    with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
        for done in [pool.submit(upload, f) for f in files]:
            done.result()  # the first failure stops the publish before the next stage


def _read_state(client: Any, bucket: str, key: str) -> dict[str, float]:
    body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
    try:
        data = json.loads(body)
        return {str(k): float(v) for k, v in data.get("missing_since", {}).items()}
    except (ValueError, AttributeError, TypeError):
        logger.warning("%s: unreadable; the grace period starts again", key)
        return {}


def _write_state(client: Any, bucket: str, key: str, missing_since: dict[str, float]) -> None:
    client.put_object(
        Bucket=bucket,
        Key=key,
        Body=json.dumps({"missing_since": missing_since}, indent=1, sort_keys=True).encode(),
        ContentType="application/json",
        CacheControl="no-store",
    )


def _client_error(error: Any, bucket: str, client: Any) -> str:
    code = str(error.response.get("Error", {}).get("Code", "")) or "error"
    where = client.meta.endpoint_url
    if code in {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken"}:
        return (
            f"{where} refused the credentials ({code}); check AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
        )
    if code in {"AccessDenied", "403", "Forbidden"}:
        return (
            f"{where}: access to bucket {bucket} denied ({code}); the key needs list, put, "
            "get and delete rights on it"
        )
    if code in {"NoSuchBucket", "404"}:
        return f"{where}: no bucket named {bucket}; create it first"
    return f"{where}: {code}: {error.response.get('Error', {}).get('Message', error)}"


def _connection_error(error: Exception, client: Any) -> str:
    from botocore.exceptions import NoCredentialsError, PartialCredentialsError

    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return (
            "no credentials for the store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(or AWS_PROFILE with ~/.aws/credentials); they are never given on the command line"
        )
    return (
        f"cannot reach {client.meta.endpoint_url} ({error}); check --endpoint-url and the network"
    )


def s3_client(endpoint_url: str | None) -> Any:
    """A boto3 S3 client from the usual AWS environment and config, for any S3-compatible store."""
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"max_attempts": 3, "mode": "standard"},
        connect_timeout=10,
        read_timeout=60,
        # Checksums only where the API requires them: R2, B2 and older MinIO refuse the
        # CRC32 trailers newer boto3 sends by default.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        max_pool_connections=UPLOAD_THREADS,
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)
