"""`audioguide serve` start-up: https with a certificate made here, and a clear error (message
and exit status, no traceback) for each way the start can fail."""

from __future__ import annotations

import contextlib
import datetime
import http.client
import io
import ipaddress
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from serve_site import make_site

from guide.cli import main

REPO = Path(__file__).resolve().parents[2]


def _pem_pair(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `localhost` and 127.0.0.1, and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("cli") / "SITE", stops=1, audio_seconds=1.0)


@pytest.fixture(scope="module")
def pems(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("pem")
    cert, key = _pem_pair(folder, "site")
    _, other_key = _pem_pair(folder, "other")
    return cert, key, other_key


# Run as root (as in this container), a command drops what lets root read any file and listen
# on any port, so that it meets the refusals an ordinary service user meets.
_AS_SERVICE_USER = (
    ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-net_bind_service"]
    if os.geteuid() == 0
    else []
)


def _serve(*args: str, unprivileged: bool = False) -> tuple[int, str]:
    """`audioguide serve ARGS` expected to fail at start-up: exit status and stderr.

    In a process of its own when it must run unprivileged, else in this one (quicker: the
    checks come before the server starts).
    """
    if not unprivileged:
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            code = main(["serve", *args])
        return code, stderr.getvalue()
    result = subprocess.run(
        [*_AS_SERVICE_USER, sys.executable, "-m", "guide.cli", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    return result.returncode, result.stderr


def _failed(result: tuple[int, str], message: str) -> None:
    code, stderr = result
    assert code == 1, (code, stderr)
    assert "Traceback" not in stderr, stderr
    assert stderr.startswith("audioguide: "), stderr
    assert re.search(message, stderr), stderr


def test_missing_site_folder(tmp_path: Path) -> None:
    _failed(_serve(str(tmp_path / "nowhere")), r"nowhere: no such folder")


def test_certificate_without_key(site: Path, pems: tuple[Path, Path, Path]) -> None:
    _failed(_serve(str(site), "--tls-cert", str(pems[0])), r"--tls-cert needs --tls-key too")
    _failed(_serve(str(site), "--tls-key", str(pems[1])), r"--tls-key needs --tls-cert too")


def test_missing_certificate_file(
    site: Path, pems: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "gone.pem"
    _failed(
        _serve(str(site), "--tls-cert", str(missing), "--tls-key", str(pems[1])),
        rf"{re.escape(str(missing))}: no such file \(--tls-cert\)",
    )


def test_key_of_another_certificate(site: Path, pems: tuple[Path, Path, Path]) -> None:
    cert, _, other_key = pems
    _failed(
        _serve(str(site), "--tls-cert", str(cert), "--tls-key", str(other_key)),
        rf"{re.escape(str(other_key))} is not the private key of {re.escape(str(cert))}",
    )


def test_unusable_certificate_files(
    site: Path, pems: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    _failed(
        _serve(str(site), "--tls-cert", str(garbage), "--tls-key", str(pems[1])),
        r"not a usable PEM certificate and key",
    )
    _failed(
        _serve(str(site), "--tls-cert", str(pems[0]), "--tls-key", str(tmp_path)),
        r"a folder, not a PEM file \(--tls-key\)",
    )


def test_unreadable_key(site: Path, pems: tuple[Path, Path, Path], tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes(pems[1].read_bytes())
    key.chmod(0o000)
    _failed(
        _serve(str(site), "--tls-cert", str(pems[0]), "--tls-key", str(key), unprivileged=True),
        rf"{re.escape(str(key))}: cannot read it \(--tls-key\): Permission denied",
    )


def test_busy_port(site: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        _failed(
            _serve(str(site), "--port", str(port)),
            rf"port {port} is already in use on 127\.0\.0\.1.*--port {port + 1}",
        )


def test_privileged_port_without_permission(site: Path) -> None:
    if Path("/proc/sys/net/ipv4/ip_unprivileged_port_start").read_text().strip() == "0":
        pytest.skip("this machine lets anyone listen on any port")
    _failed(
        _serve(str(site), "--port", "443", unprivileged=True),
        r"no permission to listen on port 443: ports below 1024 need root or the "
        r"CAP_NET_BIND_SERVICE capability.*--port 8443",
    )


def test_a_limit_out_of_range(site: Path) -> None:
    _failed(_serve(str(site), "--max-connections", "0"), r"max-connections must be at least 1")


@pytest.fixture
def https_server(site: Path, pems: tuple[Path, Path, Path]) -> Iterator[int]:
    cert, key, _ = pems
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "guide.cli",
            "serve",
            str(site),
            "--port",
            "0",
            "--tls-cert",
            str(cert),
            "--tls-key",
            str(key),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline(), process.stdout.readline()]
        opened = re.search(r"Open https://127\.0\.0\.1:(\d+)/", lines[1])
        assert opened, lines
        yield int(opened.group(1))
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        assert process.stdout is not None
        process.stdout.close()


def test_https_with_a_self_signed_certificate(
    https_server: int, pems: tuple[Path, Path, Path], site: Path
) -> None:
    context = ssl.create_default_context(cafile=str(pems[0]))
    connection = http.client.HTTPSConnection("localhost", https_server, context=context, timeout=10)
    connection.request("GET", "/sw.js")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read() == (site / "sw.js").read_bytes()
    assert response.getheader("cache-control") == "no-cache"
    connection.close()


def test_help_states_the_real_defaults() -> None:
    from dataclasses import asdict

    from server.limits import Limits

    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = " ".join(out.getvalue().split())
    for name, value in asdict(Limits()).items():
        if name == "retry_after":
            continue
        flag = "--" + name.replace("_", "-")
        stated = re.search(re.escape(flag) + r" [SN] .*?; default (\d+)", text)
        assert stated, flag
        assert float(stated.group(1)) == value, (flag, stated.group(1), value)
