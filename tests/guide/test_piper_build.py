"""A tour that names a Piper voice: built with it when installed, with a warning when not."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from audio import captions
from guide.build import BuildSummary
from guide.cli import main

pytestmark = pytest.mark.slow


def test_the_tours_piper_voice_narrates_and_the_page_and_tour_json_say_so(
    piper_build: tuple[Path, BuildSummary],
) -> None:
    site, summary = piper_build
    assert dict(summary.engines) == {"piper": 2}
    manifest = json.loads((site / "voices" / "tour.json").read_text("utf-8"))
    audio = manifest["stops"][1]["audio"]["en"]
    assert (audio["engine"], audio["voice"]) == ("piper", "en_US-joe-medium")
    assert re.fullmatch(r"audio/2-en-[0-9a-f]{10}\.vtt", audio["captions"])
    files = {entry["url"] for entry in manifest["files"]}
    assert audio["captions"] in files  # part of the offline download
    assert any(re.fullmatch(r"\.\./assets/transcript\.[0-9a-f]{10}\.js", f) for f in files)

    page = (site / "voices" / "en" / "2" / "index.html").read_text("utf-8")
    assert "Piper, en_US-joe-medium" in page
    src = f"../../../voices/{audio['captions']}"
    track = f'<track kind="captions" srclang="en" label="Transcript" src="{src}">'
    assert track in page
    cues = captions.parse((site / "voices" / audio["captions"]).read_text("utf-8"))
    spans = re.findall(r'<span class="cue" data-cue="(\d+)">([^<]*)', page)
    assert [int(i) for i, _ in spans] == list(range(len(cues)))  # span i is cue i
    assert [c.text for c in cues][:3] == [
        "The barracks.",
        "This stop describes hunger and cold.",  # the content note is spoken first
        "Each barrack held about two hundred women.",
    ]
    assert spans[0][1] == "The barracks"  # the page shows the title as written


def test_speak_notes_false_keeps_the_note_on_the_page_but_silent(
    piper_tour: Path, tmp_path: Path
) -> None:
    tour = tmp_path / "voices"
    shutil.copytree(piper_tour, tour)
    toml = tour / "tour.toml"
    toml.write_text(toml.read_text("utf-8").replace("[title]", "speak_notes = false\n[title]"))
    assert main(["build", str(tour), "-o", str(tmp_path / "site"), "--engine", "espeak"]) == 0
    [vtt] = (tmp_path / "site" / "voices" / "audio").glob("2-en-*.vtt")
    texts = [cue.text for cue in captions.parse(vtt.read_text("utf-8"))]
    assert texts[:2] == ["The barracks.", "Each barrack held about two hundred women."]
    page = (tmp_path / "site" / "voices" / "en" / "2" / "index.html").read_text("utf-8")
    assert "This stop describes hunger and cold." in page


def test_a_missing_voice_warns_with_the_install_command_never_a_traceback(
    piper_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tour = tmp_path / "voices"
    shutil.copytree(piper_tour, tour)
    toml = tour / "tour.toml"
    toml.write_text(toml.read_text("utf-8").replace("en_US-joe-medium", "en_GB-nobody-low"))
    site = tmp_path / "site"
    assert main(["build", str(tour), "-o", str(site), "--engine", "espeak"]) == 0
    assert main(["build", str(tour), "-o", str(site), "--engine", "piper"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Piper voice 'en_GB-nobody-low' is not installed" in err
    assert "audioguide voices add" in err
    assert err.count("nothing was written") == 1


@pytest.mark.parametrize(
    ("setting", "message"),
    [("piper = 3", "voice.en.piper must be a voice name"),
     ("speaker = -1", "voice.en.speaker must be a number")],
)  # fmt: skip
def test_bad_voice_settings_name_the_line(
    piper_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    tour = tmp_path / "voices"
    shutil.copytree(piper_tour, tour)
    toml = tour / "tour.toml"
    text = toml.read_text("utf-8").replace('piper = "en_US-joe-medium"', setting)
    toml.write_text(text)
    assert main(["check", str(tour)]) == 1
    line = text.splitlines().index("[voice.en]") + 1
    assert f"tour.toml:{line}: error: {message}" in capsys.readouterr().err


def test_a_recording_with_its_own_captions_ships_them(tmp_path: Path) -> None:
    import array
    import math
    import wave

    tour = tmp_path / "rec"
    stop = tour / "stops" / "01-voice"
    stop.mkdir(parents=True)
    (tour / "tour.toml").write_text(
        'id = "rec"\nlanguages = ["en"]\nbase_url = "http://127.0.0.1:8000"\n[title]\nen = "R"\n'
    )
    (stop / "en.md").write_text("# A voice\n\nShe read her letter. Then she was silent.\n")
    with wave.open(str(stop / "en.wav"), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        tone = (int(8000 * math.sin(i / 5)) for i in range(3 * 16000))
        writer.writeframes(array.array("h", tone).tobytes())
    vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nA voice.\n\n00:01.000 --> 00:02.000\nShe read.\n"
    (stop / "en.vtt").write_text(vtt)
    site = tmp_path / "site"
    assert main(["check", str(tour)]) == 0  # the .vtt is a known file, no warning
    assert main(["build", str(tour), "-o", str(site), "--engine", "espeak"]) == 0
    manifest = json.loads((site / "rec" / "tour.json").read_text("utf-8"))
    audio = manifest["stops"][0]["audio"]["en"]
    assert audio["engine"] == "recording" and audio["voice"] is None
    assert (site / "rec" / audio["captions"]).read_text() == vtt
    page = (site / "rec" / "en" / "1" / "index.html").read_text("utf-8")
    assert '<track kind="captions" srclang="en"' in page
    assert "Synthetic voice" not in page
    assert math.isclose(audio["seconds"], 3.0, abs_tol=0.2)  # the MP3 encoder pads a little


def test_check_warns_about_a_missing_voice(
    piper_tour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(piper_tour)]) == 0
    assert "not installed" not in capsys.readouterr().err
    tour = tmp_path / "voices"
    shutil.copytree(piper_tour, tour)
    toml = tour / "tour.toml"
    toml.write_text(toml.read_text("utf-8").replace("en_US-joe-medium", "voices/kk.onnx"))
    assert main(["check", str(tour)]) == 0
    assert main(["check", "--strict", str(tour)]) == 1
    err = capsys.readouterr().err
    assert "tour.toml: warning: [voice.en] piper = 'voices/kk.onnx' is not installed" in err
    assert "audioguide voices add" in err
