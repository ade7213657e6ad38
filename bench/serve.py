"""Shared pieces of the serving bench (nginx config, wrk, process helpers, the synthetic site).

    .venv/bin/python bench/serve.py ...   is `bench/serve_ceiling.py ...`: the one command.

Without --site the bench writes a synthetic site (100 stops x 3 languages, real MP3s) to a temp
folder. Bounded: a few wrk runs of --duration seconds each; loopback only; stops what it started.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
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


_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def wrk(url: str, duration: int, connections: int, headers: list[str]) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    moved = re.search(r"Transfer/sec:\s+([\d.]+)([KMG]?)B", output)
    assert moved is not None, output
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)([KMG]?)B read", output)
    assert total is not None, output
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rate,
        "bytes": float(moved.group(1)) * _UNITS[moved.group(2)],
        "requests": float(total.group(1)),
        "read": float(total.group(2)) * _UNITS[total.group(3)],
        "bad": float(errors.group(1)) if errors else 0.0,
        "socket_errors": float(sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1))))
        if socket_errors
        else 0.0,
    }


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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` and its live children (uvicorn or nginx workers)."""
    pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    ticks = 0
    for one in pids:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def build_site(root: Path, stops: int) -> Path:
    site = make_site(root / "SITE", stops=stops, audio_seconds=40.0)
    long_audio = sine_mp3(40.0) * 9  # about 2.9 MB: a long narration, frames back to back
    (site / "alzhir" / "audio" / "99-kk-0123456789abcdef.mp3").write_bytes(long_audio)
    return site


def main() -> None:
    """One command for the whole serving bench: `bench/serve_ceiling.py` (same options)."""
    from serve_ceiling import main as ceiling_main

    ceiling_main()


if __name__ == "__main__":
    main()
