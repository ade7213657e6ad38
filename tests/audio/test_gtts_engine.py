"""gTTS through its real code, with its HTTP intercepted by `responses` (never the network)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
import requests
import responses

from audio import Engine, NarrationError, NarrationJob, Narrator, mp3
from audio.espeak import EspeakEngine
from audio.google import GoogleEngine
from audio.speech import pack, speech_text

URL = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")
SENTENCES = " ".join(f"Sentence number {i} tells the story." for i in range(10))


def reply(audio: bytes) -> str:
    """A batchexecute reply shaped like Google's, carrying `audio` as base64."""
    payload = json.dumps([base64.b64encode(audio).decode()])
    envelope = json.dumps(
        [["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]], separators=(",", ":")
    )
    return f')]}}\'\n\n{len(envelope)}\n{envelope}\n25\n[["e",4,null,null,170]]\n'


def narrator(tmp_path: Path, engine: str = "auto") -> Narrator:
    engines: dict[str, Engine] = {
        "gtts": GoogleEngine(base_delay=0.001, retries=3),
        "espeak": EspeakEngine(workers=1),
    }
    return Narrator(engine, tmp_path, engines=engines)


def job(lang: str = "en", text: str = SENTENCES) -> NarrationJob:
    return NarrationJob(f"t/1/{lang}", lang, "Title", text, album="Tour", track=1)


@responses.activate
def test_each_sentence_is_its_own_request_so_captions_know_its_start(
    tmp_path: Path, espeak_mp3: bytes
) -> None:
    responses.add(responses.POST, URL, body=reply(espeak_mp3))
    [made] = narrator(tmp_path, "gtts").narrate([job()])
    numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    sentences = ["Title.", *(f"Sentence number {n} tells the story." for n in numbers)]
    assert len(responses.calls) == len(sentences)  # no probe: --engine gtts has no plan B
    sent = [unquote_plus(str(call.request.body)) for call in responses.calls]
    assert all(one in body for one, body in zip(sentences, sent, strict=True))
    assert made.engine == "gtts"
    assert made.seconds == pytest.approx(11 * mp3.seconds(espeak_mp3), abs=0.2)  # joined stream
    assert mp3.inspect(made.path.read_bytes()).frames == 11 * mp3.inspect(espeak_mp3).frames
    cues = made.captions.split("\n\n")[1:] if made.captions else []
    assert len(cues) == 11
    assert cues[1].splitlines()[1].startswith(f"00:00:0{mp3.frame_seconds(espeak_mp3):.1f}"[:10])


def test_a_long_sentence_is_still_packed_into_100_character_requests() -> None:
    long = "word " * 50
    assert len(pack(speech_text("", long), 100)) == 3


@responses.activate
def test_a_429_is_retried_then_succeeds(tmp_path: Path, espeak_mp3: bytes) -> None:
    responses.add(responses.POST, URL, status=429)
    responses.add(responses.POST, URL, body=reply(espeak_mp3))
    n = narrator(tmp_path, "gtts")
    [made] = n.narrate([job(text="Short.")])
    assert made.engine == "gtts"
    assert len(responses.calls) == 3 and n.engine_calls == 1  # retry, then title and body


@responses.activate
def test_repeated_429_falls_back_to_espeak_under_auto(tmp_path: Path, espeak_mp3: bytes) -> None:
    responses.add(responses.POST, URL, body=reply(espeak_mp3))  # the probe answers
    responses.add(responses.POST, URL, status=429)  # then every request is refused
    n = narrator(tmp_path)
    [made] = n.narrate([job(text="Short.")])
    assert made.engine == "espeak"
    assert len(responses.calls) == 1 + 4  # probe, then one request tried 1 + 3 retries
    [later] = n.narrate([job("ru", "Коротко.")])  # same build: gTTS is not asked again
    assert later.engine == "espeak" and len(responses.calls) == 5
    assert n.engines_used == {"espeak": 2}


@responses.activate
def test_repeated_429_fails_clearly_without_fallback(tmp_path: Path) -> None:
    responses.add(responses.POST, URL, status=429)
    with pytest.raises(NarrationError, match=r"t/1/en: gtts: gTTS failed after 4 attempts: 429"):
        narrator(tmp_path, "gtts").narrate([job(text="Short.")])


@responses.activate
def test_connection_refused_falls_back_to_espeak(tmp_path: Path) -> None:
    responses.add(responses.POST, URL, body=requests.ConnectionError("Connection refused"))
    n = narrator(tmp_path)
    [made] = n.narrate([job(text="Short.")])
    assert made.engine == "espeak"
    assert len(responses.calls) == 1  # only the probe: no request after it failed


@responses.activate
def test_kazakh_goes_to_espeak_under_auto_without_any_request(tmp_path: Path) -> None:
    [made] = narrator(tmp_path).narrate([job("kk", "Сәлеметсіз бе.")])
    assert made.engine == "espeak"
    assert len(responses.calls) == 0


def test_kazakh_under_engine_gtts_is_a_clear_problem(tmp_path: Path) -> None:
    n = narrator(tmp_path, "gtts")
    assert n.check([job("kk", "Сәлеметсіз бе.")]) == [
        "t/1/kk: gTTS has no voice for language 'kk' (--engine gtts allows no fallback)"
    ]
    with pytest.raises(NarrationError, match="t/1/kk: gTTS has no voice"):
        n.narrate([job("kk", "Сәлеметсіз бе.")])


@responses.activate
def test_cached_gtts_audio_needs_no_request(tmp_path: Path, espeak_mp3: bytes) -> None:
    responses.add(responses.POST, URL, body=reply(espeak_mp3))
    first = narrator(tmp_path).narrate([job()])
    calls = len(responses.calls)
    again = narrator(tmp_path).narrate([job()])
    assert len(responses.calls) == calls  # not even a probe
    assert again[0].digest == first[0].digest and again[0].engine == "gtts"
