"""Checks made before the server starts, each failing with a message that says what to do.

uvicorn would otherwise end in a traceback (a certificate without its key, a busy port) or log
an address that is not ours. The listening socket is bound here and handed to uvicorn, so the
port checked is the port served.
"""

from __future__ import annotations

import errno
import socket
import ssl
from pathlib import Path

BACKLOG = 2048


class StartupError(Exception):
    """The server cannot start; the message names the cause and the fix."""


def check_site(site_dir: Path) -> None:
    if not site_dir.exists():
        raise StartupError(
            f"{site_dir}: no such folder; build a site first "
            f"(audioguide build TOUR -o {site_dir}) or name an existing one"
        )
    if not site_dir.is_dir():
        raise StartupError(f"{site_dir}: not a folder; serve the folder `audioguide build` wrote")


def check_tls(cert: Path | None, key: Path | None) -> ssl.SSLContext | None:
    """The server's TLS context, or None for plain http; refuses files that cannot work."""
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        given, missing = ("--tls-cert", "--tls-key") if key is None else ("--tls-key", "--tls-cert")
        raise StartupError(
            f"{given} needs {missing} too: https takes a certificate (--tls-cert) "
            "and its private key (--tls-key)"
        )
    for option, path in (("--tls-cert", cert), ("--tls-key", key)):
        try:
            with open(path, "rb") as handle:
                handle.read(1)
        except FileNotFoundError:
            raise StartupError(f"{path}: no such file ({option})") from None
        except IsADirectoryError:
            raise StartupError(f"{path}: a folder, not a PEM file ({option})") from None
        except OSError as error:
            raise StartupError(f"{path}: cannot read it ({option}): {error.strerror}") from None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)

    def no_passphrase() -> str:
        raise StartupError(f"{key}: the private key is encrypted; give an unencrypted key")

    try:
        context.load_cert_chain(cert, key, password=no_passphrase)
    except ssl.SSLError as error:
        reason = error.reason or str(error)
        if reason == "KEY_VALUES_MISMATCH":
            raise StartupError(
                f"{key} is not the private key of {cert} (they do not belong together)"
            ) from None
        raise StartupError(
            f"{cert} / {key}: not a usable PEM certificate and key ({reason})"
        ) from None
    return context


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host`:`port`; port 0 picks a free one."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise StartupError(f"--host {host}: not an address of this machine ({error})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        raise StartupError(_bind_failure(host, port, error)) from None
    sock.set_inheritable(True)
    return sock


def _bind_failure(host: str, port: int, error: OSError) -> str:
    where = f"{host}:{port}" if ":" not in host else f"[{host}]:{port}"
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} is already in use on {host} (another server, or an audioguide "
            f"serve still running); stop it, or pick another port: --port {port + 1}"
        )
    if error.errno == errno.EACCES and 0 < port < 1024:
        return (
            f"no permission to listen on port {port}: ports below 1024 need root or the "
            "CAP_NET_BIND_SERVICE capability (see docs/deployment.md, systemd "
            "AmbientCapabilities); or use a port from 1024 up, e.g. --port 8443"
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return f"--host {host}: not an address of this machine; try --host 0.0.0.0 (all)"
    return f"cannot listen on {where}: {error.strerror or error}"
