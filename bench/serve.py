"""nginx vs `audioguide serve` on the same built site, side by side, with wrk on loopback.

    /work/venv/bin/python bench/serve.py [--site SITE] [--duration 5] [--connections 50]

Without --site it writes a synthetic site (100 stops x 3 languages, real MP3s) to a temp folder.
Bounded: a few wrk runs of --duration seconds each; loopback only; stops what it started.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_site import make_site, sine_mp3

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{
        text/html html; text/css css; text/javascript js; application/json json;
        application/manifest+json webmanifest; image/svg+xml svg; image/png png;
        image/jpeg jpg; audio/mpeg mp3; application/pdf pdf;
    }}
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str, deadline: float = 20.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}{path}")


@contextmanager
def started(command: list[str], port: int, probe: str) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(port, probe)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve_command(site: Path, port: int, workers: int) -> list[str]:
    code = (
        "import logging, sys; from pathlib import Path; from server import run; "
        "logging.basicConfig(level=logging.WARNING); "
        f"run(Path(sys.argv[1]), port={port}, workers={workers})"
    )
    return [sys.executable, "-c", code, str(site)]


_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def wrk(url: str, duration: int, connections: int, headers: list[str]) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    moved = re.search(r"Transfer/sec:\s+([\d.]+)([KMG]?)B", output)
    assert moved is not None, output
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rate,
        "bytes": float(moved.group(1)) * _UNITS[moved.group(2)],
        "bad": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if socket_errors else 0.0,
    }


def fetch(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def check_same(ports: dict[str, int], path: str, headers: dict[str, str], site: Path) -> None:
    """Both servers give the same status and body, and the body is the file's."""
    answers = {name: fetch(port, path, headers) for name, port in ports.items()}
    (status_a, _, body_a), (status_b, _, body_b) = answers.values()
    if status_a != status_b or body_a != body_b:
        raise SystemExit(f"{path} {headers}: servers disagree ({status_a} vs {status_b})")
    file = site / path.lstrip("/")
    file = file / "index.html" if path.endswith("/") else file
    data = file.read_bytes()
    if "Range" not in headers and body_a != data:
        raise SystemExit(f"{path}: body differs from {file}")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children_rss_kb(pid: int) -> int:
    total = rss_kb(pid)
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        total += rss_kb(int(child))
    return total


def build_site(root: Path, stops: int) -> Path:
    site = make_site(root / "SITE", stops=stops, audio_seconds=40.0)
    long_audio = sine_mp3(40.0) * 9  # about 2.9 MB: a long narration, frames back to back
    (site / "alzhir" / "audio" / "99-kk-0123456789abcdef.mp3").write_bytes(long_audio)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a built SITE (default: a synthetic one)")
    parser.add_argument("--stops", type=int, default=100)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="alternate runs; best of each kept")
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: apt-get install {tool}")
    load_before = Path("/proc/loadavg").read_text().split()[0]
    with tempfile.TemporaryDirectory(prefix="ag-bench-") as tmp_name:
        tmp = Path(tmp_name)
        tmp.chmod(0o755)  # nginx workers run as www-data and must read the site
        site = args.site.resolve() if args.site else build_site(tmp, args.stops)
        tour = json.loads(next(site.glob("*/tour.json")).read_text(encoding="utf-8"))
        tour_id, stop = tour["id"], tour["stops"][0]
        lang = tour["default_language"]
        page = f"/{tour_id}/{stop['pages'][lang]}"
        audio_files = sorted((site / tour_id / "audio").iterdir(), key=lambda p: p.stat().st_size)
        small_audio = f"/{tour_id}/audio/{audio_files[0].name}"
        big_audio = f"/{tour_id}/audio/{audio_files[-1].name}"
        cases = [
            (
                f"stop page {page} ({(site / page.lstrip('/') / 'index.html').stat().st_size} B)",
                page,
                [],
                "rps",
            ),
            (
                f"Range bytes=0-1 on {audio_files[0].stat().st_size // 1024} KB MP3",
                small_audio,
                ["Range: bytes=0-1"],
                "rps",
            ),
            (f"whole {audio_files[-1].stat().st_size / 1e6:.1f} MB MP3", big_audio, [], "bytes"),
        ]
        nginx_port, serve_port = free_port(), free_port()
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=nginx_port, site=site))
        results: dict[str, list[dict[str, float]]] = {"nginx": [], "serve": [], "floor": []}
        with (
            started(["nginx", "-c", str(conf), "-e", str(tmp / "error.log")], nginx_port, "/"),
            started(serve_command(site, serve_port, args.workers), serve_port, "/healthz") as serve,
        ):
            ports = {"nginx": nginx_port, "serve": serve_port}
            for _, path, headers, _ in cases:
                as_dict = dict(h.split(": ", 1) for h in headers)
                check_same(ports, path, as_dict, site)
            rss_start = children_rss_kb(serve.pid)
            held = json.loads(fetch(serve_port, "/healthz", {})[2])["memory_bytes"]
            for _, path, headers, metric in cases:
                runs: dict[str, list[dict[str, float]]] = {"nginx": [], "serve": [], "floor": []}
                file = site / path.lstrip("/")
                file = file / "index.html" if path.endswith("/") else file
                floor_port = free_port()
                command = [
                    sys.executable,
                    str(Path(__file__).with_name("serve_ceiling.py")),
                    str(file),
                ]
                command += [str(floor_port), *(["range"] if headers else [])]
                with started(command, floor_port, "/"):
                    every = {**ports, "floor": floor_port}
                    for _ in range(args.rounds):  # alternate, so all see the same background load
                        for name, port in every.items():
                            url = f"http://127.0.0.1:{port}{path}"
                            runs[name].append(wrk(url, args.duration, args.connections, headers))
                for name, done in runs.items():
                    results[name].append(max(done, key=lambda run: run[metric]))
            rss_end = children_rss_kb(serve.pid)
        stats = (
            sum(1 for _ in site.rglob("*") if _.is_file()),
            sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        )
    print(
        f"site: {stats[0]} files, {stats[1] / 1e6:.0f} MB; "
        f"wrk -t1 -c{args.connections} -d{args.duration}s, "
        f"loopback, nginx 1 worker, audioguide serve {args.workers} worker(s), "
        f"best of {args.rounds} alternating runs; load average before: {load_before}"
    )
    print("| work | nginx | audioguide serve | serve/nginx | raw ASGI floor* | floor/nginx |")
    print("|---|---|---|---|---|---|")
    for index, (label, _, _, metric) in enumerate(cases):
        ours, theirs, floor = (
            results["serve"][index],
            results["nginx"][index],
            results["floor"][index],
        )
        unit = "req/s" if metric == "rps" else "MB/s"
        scale = 1.0 if metric == "rps" else 1e-6
        print(
            f"| {label}, {unit} | {theirs[metric] * scale:,.0f} | {ours[metric] * scale:,.0f} | "
            f"{ours[metric] / theirs[metric]:.0%} | {floor[metric] * scale:,.0f} | "
            f"{floor[metric] / theirs[metric]:.0%} |"
        )
        for name, row in (("nginx", theirs), ("serve", ours)):
            if row["bad"] or row["socket_errors"]:
                print(
                    f"  ! {name}: {row['bad']:.0f} non-2xx responses, "
                    f"socket errors: {row['socket_errors']:.0f}"
                )
    print(
        "* uvicorn answering one fixed body from memory, no lookup, no headers (serve_ceiling.py)"
    )
    print(
        f"audioguide serve RSS: {rss_start / 1024:.0f} MB after start, "
        f"{rss_end / 1024:.0f} MB after the load; files held in memory: {held / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
