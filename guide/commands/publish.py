"""`audioguide publish`: upload a built site to S3-compatible storage (see guide/publish.py)."""

from __future__ import annotations

import argparse

from guide.errors import AudioguideError


def publish(args: argparse.Namespace) -> int:
    from guide.publish import parse_grace, publish, s3_client

    if not args.site.is_dir():
        raise AudioguideError(f"{args.site}: no such folder; build the site first")
    report = publish(
        args.site,
        args.target,
        client=s3_client(args.endpoint_url),
        dry_run=args.dry_run,
        grace_seconds=parse_grace(args.grace),
    )
    if args.dry_run:
        for key in report.uploaded:
            print(f"upload {key}")
        for key in report.deleted:
            print(f"delete {key}")
    for line in report.lines(args.dry_run):
        print(line)
    return 0
