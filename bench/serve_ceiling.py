"""`audioguide serve` against its ceiling, side by side in one run, with nginx for reference.

    .venv/bin/python bench/serve_ceiling.py [--site SITE] [--duration 5] [--workers 1]

The ceiling is a bare ASGI app on the same uvicorn (httptools, uvloop, same worker count) that
answers each benchmarked request with the very bytes `audioguide serve` answered it with (status,
headers, body), from memory, after one dict lookup. `serve/ceiling` is what our code costs on
top of the engine we run on (goal: >= 0.9); `serve/nginx` is printed for the docs.

Also measured: requests/s of the language-neutral stop URL (the QR code's entry point, a 302),
and the memory of the serving processes with 1000 open keep-alive connections.
Needs nginx and wrk (`bash .ci/install --bench`). Loopback only; stops what it started.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import (
    NGINX_CONF,
    build_site,
    children_rss_kb,
    cpu_seconds,
    free_port,
    started,
    wrk,
)

_SPEC_ENV = "AG_CEILING_SPEC"
Responses = dict[tuple[str, str], tuple[int, list[tuple[bytes, bytes]], bytes]]


def ceiling_app() -> Any:
    """The bare app: (path, Range) -> the recorded status, headers and body (uvicorn factory)."""
    spec = json.loads(Path(os.environ[_SPEC_ENV]).read_text())
    responses: Responses = {
        (item["path"], item["range"]): (
            item["status"],
            [(k.encode("latin-1"), v.encode("latin-1")) for k, v in item["headers"]],
            bytes.fromhex(item["body"]),
        )
        for item in spec
    }

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        wanted = b""
        for name, value in scope["headers"]:
            if name == b"range":
                wanted = value
        status, headers, body = responses[(scope["path"], wanted.decode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def ceiling_command(spec: Path, port: int, workers: int) -> list[str]:
    code = (
        "import sys, uvicorn; "
        f"uvicorn.run('serve_ceiling:ceiling_app', factory=True, host='127.0.0.1', port={port}, "
        f"workers={workers}, http='httptools', loop='uvloop', access_log=False, "
        "server_header=False, log_level='warning', app_dir=sys.argv[1])"
    )
    return [sys.executable, "-c", code, str(Path(__file__).resolve().parent)]


def serve_command(site: Path, port: int, workers: int) -> list[str]:
    # Every wrk connection comes from 127.0.0.1: no per-address cap; keep-alive long enough for
    # the 1000 idle connections to stay open while memory is read. Other limits: the defaults.
    code = (
        "import logging, sys; from pathlib import Path; from server import run; "
        "from server.limits import Limits; logging.basicConfig(level=logging.WARNING); "
        f"run(Path(sys.argv[1]), port={port}, workers={workers}, "
        "limits=Limits(max_per_client=0, max_connections=5000, keepalive_timeout=120))"
    )
    return [sys.executable, "-c", code, str(site)]


def record(port: int, path: str, headers: dict[str, str]) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    kept = [(k.lower(), v) for k, v in response.getheaders() if k.lower() not in ("date",)]
    return {
        "path": path,
        "range": headers.get("Range", ""),
        "status": response.status,
        "headers": kept,
        "body": body.hex(),
    }


async def hold_connections(port: int, count: int, path: str) -> list[asyncio.StreamWriter]:
    """`count` keep-alive connections, each after one answered request, left open."""

    async def one() -> asyncio.StreamWriter:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: museum\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
        return writer

    writers: list[asyncio.StreamWriter] = []
    for start in range(0, count, 200):  # in waves: the listen backlog is not the test
        writers += await asyncio.gather(*(one() for _ in range(min(200, count - start))))
    return writers


def idle_memory(pid: int, port: int, path: str, count: int) -> tuple[int, int]:
    """(RSS kB before, RSS kB with `count` open keep-alive connections) of pid and children."""

    async def measure() -> tuple[int, int]:
        before = children_rss_kb(pid)
        writers = await hold_connections(port, count, path)
        during = children_rss_kb(pid)
        for writer in writers:
            writer.close()
        return before, during

    return asyncio.run(measure())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a built SITE (default: a synthetic one)")
    parser.add_argument("--stops", type=int, default=100)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="for all three servers")
    parser.add_argument("--rounds", type=int, default=2, help="alternate runs; best of each kept")
    parser.add_argument("--idle", type=int, default=1000, help="keep-alive connections held")
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: bash .ci/install --bench")
    load_before = Path("/proc/loadavg").read_text().split()[0]
    with tempfile.TemporaryDirectory(prefix="ag-bench-") as tmp_name:
        tmp = Path(tmp_name)
        tmp.chmod(0o755)  # nginx workers run as www-data and must read the site
        site = args.site.resolve() if args.site else build_site(tmp, args.stops)
        tour = json.loads(next(site.glob("*/tour.json")).read_text(encoding="utf-8"))
        tour_id, stop, lang = tour["id"], tour["stops"][0], tour["default_language"]
        page = f"/{tour_id}/{stop['pages'][lang]}"
        audio = sorted((site / tour_id / "audio").iterdir(), key=lambda p: p.stat().st_size)
        small, big = audio[0], audio[-1]
        accept = {"Accept-Language": lang}
        cases: list[tuple[str, str, dict[str, str], str, bool]] = [
            (f"stop page {page}, req/s", page, {}, "rps", True),
            (
                f"Range bytes=0-1 of a {small.stat().st_size // 1024} KB MP3, req/s",
                f"/{tour_id}/audio/{small.name}",
                {"Range": "bytes=0-1"},
                "rps",
                True,
            ),
            (
                f"whole {big.stat().st_size / 1e6:.1f} MB MP3, MB/s",
                f"/{tour_id}/audio/{big.name}",
                {},
                "bytes",
                True,
            ),
            (
                f"stop URL /{tour_id}/{stop['number']} -> 302, req/s",
                f"/{tour_id}/{stop['number']}",
                accept,
                "rps",
                False,  # nginx has no language redirect: a static host sends a page instead
            ),
        ]
        ports = {"serve": free_port(), "ceiling": free_port(), "nginx": free_port()}
        conf = tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(tmp=tmp, port=ports["nginx"], site=site).replace(
                "worker_processes 1;", f"worker_processes {args.workers};"
            )
        )
        spec = tmp / "ceiling.json"
        best: dict[str, list[dict[str, float]]] = {name: [] for name in ports}
        cost: dict[str, list[float]] = {name: [] for name in ports}  # CPU s per request or byte
        with started(
            serve_command(site, ports["serve"], args.workers), ports["serve"], "/healthz"
        ) as serve:
            spec.write_text(
                json.dumps([record(ports["serve"], path, h) for _, path, h, _, _ in cases])
            )
            for _, path, h, _, _ in cases:
                assert record(ports["serve"], path, h)["status"] < 400, path
            os.environ[_SPEC_ENV] = str(spec)
            with (
                started(
                    ceiling_command(spec, ports["ceiling"], args.workers), ports["ceiling"], page
                ) as ceiling,
                started(
                    ["nginx", "-c", str(conf), "-e", str(tmp / "error.log")], ports["nginx"], "/"
                ) as nginx,
            ):
                pids = {"serve": serve.pid, "ceiling": ceiling.pid, "nginx": nginx.pid}
                for _, path, h, metric, with_nginx in cases:
                    runs: dict[str, list[dict[str, float]]] = {name: [] for name in ports}
                    for _ in range(args.rounds):  # alternate, so all see the same background load
                        for name, port in ports.items():
                            if name == "nginx" and not with_nginx:
                                continue
                            headers = [f"{k}: {v}" for k, v in h.items()]
                            url = f"http://127.0.0.1:{port}{path}"
                            cpu = cpu_seconds(pids[name])
                            run = wrk(url, args.duration, args.connections, headers)
                            run["cpu"] = cpu_seconds(pids[name]) - cpu
                            runs[name].append(run)
                    for name, done in runs.items():
                        best[name].append(max(done, key=lambda run: run[metric]) if done else {})
                        work = sum(r["requests" if metric == "rps" else "read"] for r in done)
                        cost[name].append(sum(r["cpu"] for r in done) / work if done else 0.0)
                serve_idle = idle_memory(serve.pid, ports["serve"], page, args.idle)
                ceiling_idle = idle_memory(ceiling.pid, ports["ceiling"], page, args.idle)
    print(
        f"wrk -t1 -c{args.connections} -d{args.duration}s on loopback, {args.workers} worker(s) "
        f"each, best of {args.rounds} alternating runs; load average before: {load_before}"
    )
    print("| work | audioguide serve | ceiling* | serve/ceiling | nginx | serve/nginx |")
    print("|---|---|---|---|---|---|")
    for index, (label, _, _, metric, _) in enumerate(cases):
        ours, top, ref = (best[name][index] for name in ("serve", "ceiling", "nginx"))
        scale = 1.0 if metric == "rps" else 1e-6
        nginx = f"{ref[metric] * scale:,.0f} | {ours[metric] / ref[metric]:.2f}" if ref else "- | -"
        print(
            f"| {label} | {ours[metric] * scale:,.0f} | {top[metric] * scale:,.0f} | "
            f"{ours[metric] / top[metric]:.2f} | {nginx} |"
        )
        for name, row in (("serve", ours), ("ceiling", top), ("nginx", ref)):
            if row and (row["bad"] or row["socket_errors"]):
                print(
                    f"  ! {name}: {row['bad']:.0f} non-2xx/3xx answers, "
                    f"{row['socket_errors']:.0f} socket errors (timeouts under load)"
                )
    print("* the same response bytes from memory by a bare ASGI app on the same uvicorn")
    print()
    print("CPU time the servers spent (all rounds; does not depend on other load on the box):")
    print("| work | audioguide serve | ceiling* | ceiling/serve | nginx | nginx/serve |")
    print("|---|---|---|---|---|---|")
    for index, (label, _, _, metric, _) in enumerate(cases):
        ours, top, ref = (cost[name][index] for name in ("serve", "ceiling", "nginx"))
        unit, scale = ("µs/request", 1e6) if metric == "rps" else ("ms/100 MB", 1e11)
        nginx = f"{ref * scale:,.1f} | {ref / ours:.2f}" if ref else "- | -"
        print(
            f"| {label.rsplit(',', 1)[0]}, {unit} | {ours * scale:,.1f} | {top * scale:,.1f} | "
            f"{top / ours:.2f} | {nginx} |"
        )
    for name, (before, during) in (("audioguide serve", serve_idle), ("ceiling", ceiling_idle)):
        print(
            f"{name}: RSS {before / 1024:.0f} MB idle, {during / 1024:.0f} MB with {args.idle} "
            f"open keep-alive connections: {(during - before) / args.idle:.1f} kB per connection"
        )


if __name__ == "__main__":
    main()
