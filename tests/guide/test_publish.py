"""Publishing a site: modes a web server can read, leftovers of killed builds, a swap that
fails, and a cache that cannot be written."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from guide.cli import main

pytestmark = pytest.mark.slow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from serve import NGINX_CONF as BENCH_NGINX_CONF  # noqa: E402  (bench/serve.py's nginx)

NGINX_CONF = "user nobody nogroup;\n" + BENCH_NGINX_CONF  # workers of another user than ours


def digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def build_argv(tour: Path, site: Path, cache: Path) -> list[str]:
    return ["build", str(tour), "--engine", "espeak", "--cache-dir", str(cache), "-o", str(site)]


@pytest.mark.parametrize(("mask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_site_and_placards_get_modes_from_the_umask(
    mask: int, folder: int, file: int, new_tour: Path, tmp_path: Path, narration_cache: Path
) -> None:
    site, pdf = tmp_path / "site", tmp_path / "placards.pdf"
    with umask(mask):
        assert main(build_argv(new_tour, site, narration_cache)) == 0
        assert main(["placards", str(new_tour), "--draft", "-o", str(pdf)]) == 0
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    assert {m for p, m in modes.items() if p.is_dir()} == {folder}
    assert {m for p, m in modes.items() if p.is_file()} == {file}
    assert stat.S_IMODE(pdf.stat().st_mode) == file


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.02)  # polling the condition "nginx accepts", not a guess at a duration
    raise AssertionError("nginx did not start")


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_workers_of_another_user_serve_the_site(
    new_tour: Path, narration_cache: Path
) -> None:
    """nginx's workers run as `nobody`: every page, manifest and recording must be readable."""
    root = Path(tempfile.mkdtemp(prefix="audioguide-nginx-"))
    try:
        root.chmod(0o755)
        site = root / "site"
        with umask(0o022):
            assert main(build_argv(new_tour, site, narration_cache)) == 0
        port = _free_port()
        conf = root / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=root, port=port, site=site))
        with subprocess.Popen(
            ["nginx", "-c", str(conf), "-e", str(root / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        ) as process:
            try:
                _wait_for_port(port, process)
                files = [p for p in site.rglob("*") if p.is_file() and p.name[0] != "."]
                assert any(p.suffix == ".mp3" for p in files)
                for path in files:
                    url = f"http://127.0.0.1:{port}/{path.relative_to(site)}"
                    with urllib.request.urlopen(url, timeout=10) as response:
                        assert response.status == 200
                        assert response.read() == path.read_bytes()
            finally:
                process.terminate()
                process.wait(timeout=10)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_leftovers_of_a_killed_build_are_removed_but_not_a_running_builds(
    new_tour: Path, tmp_path: Path, narration_cache: Path
) -> None:
    site = tmp_path / "site"
    killed = tmp_path / ".site.tmp-killed"
    (killed / "my-tour").mkdir(parents=True)
    (killed / "my-tour/index.html").write_text("half a site")
    running = tmp_path / ".site.tmp-running"
    running.mkdir()
    lock = os.open(running, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a build still writing would hold it
        assert main(build_argv(new_tour, site, narration_cache)) == 0
        assert not killed.exists()
        assert running.is_dir()
    finally:
        os.close(lock)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.tmp-running", "site", "tour"]


def test_killed_build_leaves_nothing_the_next_build_keeps(
    new_tour: Path, tmp_path: Path, narration_cache: Path
) -> None:
    """A build killed while writing (SIGKILL: no clean-up) leaves a staging folder behind."""
    site = tmp_path / "site"
    assert main(build_argv(new_tour, site, narration_cache)) == 0
    code = (
        "import os, signal, sys\n"
        "from guide import build\n"
        "def die(*args, **kwargs): os.kill(os.getpid(), signal.SIGKILL)\n"
        "build.write = die\n"
        "from guide.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    argv = build_argv(new_tour, site, narration_cache)
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, check=False)
    assert result.returncode == -9
    assert len(list(tmp_path.glob(".site.tmp-*"))) == 1
    assert main(argv) == 0
    assert list(tmp_path.glob(".site.tmp-*")) == []


def _immutable(path: Path, on: bool) -> bool:
    result = subprocess.run(
        ["chattr", "+i" if on else "-i", str(path)], capture_output=True, check=False
    )
    return result.returncode == 0


def test_a_site_that_cannot_be_swapped_is_an_error_and_stays(
    new_tour: Path, tmp_path: Path, narration_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    argv = build_argv(new_tour, site, narration_cache)
    assert main(argv) == 0
    before = digest(site)
    (new_tour / "stops/01-welcome/en.md").write_text("# Changed\n\nA new text.\n")
    if shutil.which("chattr") is None or not _immutable(site, True):
        pytest.skip("cannot make a folder immutable here (chattr)")
    try:
        capsys.readouterr()
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "cannot put the new site in place" in err and "Traceback" not in err
    finally:
        _immutable(site, False)
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "tour"]


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    new_tour: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder would have to be inside a file")
    site = tmp_path / "site"
    assert main(build_argv(new_tour, site, blocker / "cache")) == 0
    warnings = [r.getMessage() for r in caplog.records if "without the cache" in r.getMessage()]
    assert len(warnings) == 1, caplog.text  # once, not once a file
    assert "a-file/cache/" in warnings[0] and "Not a directory" in warnings[0]
    assert (site / "my-tour/tour.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "site", "tour"]


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare")
def test_a_full_cache_folder_only_costs_time(new_tour: Path, tmp_path: Path) -> None:
    """The cache on a 64 kB file system (a real ENOSPC), in a private mount namespace."""
    cache, site = tmp_path / "cache", tmp_path / "site"
    cache.mkdir()
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {cache} && "
        f"exec {sys.executable} -m guide.cli build {new_tour} --engine espeak "
        f"--cache-dir {cache} -o {site}"
    )
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("cannot make a mount namespace here")
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "runs without the cache" in result.stderr
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "my-tour/tour.json").is_file()
