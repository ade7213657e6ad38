"""gTTS (Google Translate's voice): packed requests, timeouts, bounded retries with backoff.

gTTS's own code makes every HTTP request; this module decides what each request says
(whole sentences packed into <= 100 characters) and what to do when one fails.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from functools import cache

import requests
from gtts import gTTS, gTTSError
from gtts.lang import tts_langs
from gtts.version import __version__ as gtts_version

from audio import mp3
from audio.engine import EngineFailed, Speech, Voice
from audio.speech import pack

logger = logging.getLogger(__name__)

MAX_CHARS = 100  # what one request may carry
_TLD = re.compile(r"^[a-z]{2,3}(\.[a-z]{2,3})?$")
_SLOW_BELOW = 0.8  # gTTS has two speeds: normal, and slow for `speed` under this


class GoogleEngine:
    """Online speech via gTTS. Thread-safe: each request is its own gTTS call."""

    name = "gtts"
    processes = False

    def __init__(
        self,
        *,
        workers: int = 3,
        timeout: float = 15.0,
        probe_timeout: float = 3.0,
        retries: int = 4,
        base_delay: float = 1.0,
        max_delay: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.workers = workers
        self.timeout = timeout
        self.probe_timeout = probe_timeout
        self.retries = retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._sleep = sleep
        self._gave_up = threading.Event()  # once a request ran out of retries, stop retrying

    def version(self) -> str:
        return f"gtts {gtts_version}"

    def supports(self, lang: str) -> bool:
        return _google_lang(lang) is not None

    def problem(self, voice: Voice) -> str | None:
        if not self.supports(voice.lang):
            return f"gTTS has no voice for language {voice.lang!r}"
        if voice.tld is not None and not _TLD.match(voice.tld):
            return (
                f"gTTS accent tld {voice.tld!r} is not a Google domain ending like 'com' or 'co.uk'"
            )
        return None

    def probe(self) -> str | None:
        try:
            self._request("OK", Voice("en"), timeout=self.probe_timeout)
        except (gTTSError, mp3.InvalidMP3) as error:
            return f"gTTS does not answer: {_cause(error)}"
        return None

    def synthesize(self, text: str, voice: Voice) -> bytes:
        parts = [self._with_retries(chunk, voice) for chunk in pack(text, MAX_CHARS)]
        if not parts:
            raise EngineFailed("nothing to say")
        return mp3.join(parts)

    def speak(self, sentences: Sequence[str], voice: Voice) -> Speech:
        """One or more requests per sentence (never two sentences in one), timed by frames."""
        parts: list[bytes] = []
        starts: list[float] = []
        elapsed = 0.0
        for sentence in sentences:
            starts.append(round(elapsed, 3))
            for chunk in pack(sentence, MAX_CHARS):
                part = mp3.join([self._with_retries(chunk, voice)])
                parts.append(part)
                elapsed += mp3.frame_seconds(part)
        if not parts:
            raise EngineFailed("nothing to say")
        return Speech(b"".join(parts), tuple(starts))

    def _with_retries(self, chunk: str, voice: Voice) -> bytes:
        attempt = 0
        while True:
            try:
                return self._request(chunk, voice, timeout=self.timeout)
            except mp3.InvalidMP3 as error:
                raise EngineFailed(f"gTTS replied with invalid audio: {error}") from error
            except gTTSError as error:
                if not _retryable(error) or attempt >= self.retries or self._gave_up.is_set():
                    if _retryable(error):
                        self._gave_up.set()
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise EngineFailed(f"gTTS failed{tries}: {_cause(error)}") from error
            delay = min(self.max_delay, self.base_delay * 2**attempt)
            delay += random.uniform(0, delay / 2)  # jitter: parallel workers do not retry in step
            logger.info("gTTS busy, retrying in %.1f s", delay)
            self._sleep(delay)
            attempt += 1

    def _request(self, chunk: str, voice: Voice, *, timeout: float) -> bytes:
        tts = gTTS(
            chunk,
            tld=voice.tld or "com",
            lang=_google_lang(voice.lang) or voice.lang,
            slow=voice.speed < _SLOW_BELOW,
            lang_check=False,
            pre_processor_funcs=[],  # the text is already speech text, packed by us
            tokenizer_func=lambda text: [text],
            timeout=timeout,
        )
        data = b"".join(tts.stream())
        mp3.frames(data)
        return data


@cache
def _known_langs() -> dict[str, str]:
    return {code.lower(): code for code in tts_langs()}


def _google_lang(lang: str) -> str | None:
    known = _known_langs()
    return known.get(lang.lower()) or known.get(lang.split("-")[0].lower())


def _status(error: gTTSError) -> int | None:
    response = error.rsp
    return response.status_code if isinstance(response, requests.Response) else None


def _retryable(error: gTTSError) -> bool:
    status = _status(error)
    if status is not None:
        return status == 429 or status >= 500
    return isinstance(error.__context__, requests.Timeout)


def _cause(error: Exception) -> str:
    if isinstance(error, gTTSError) and error.rsp is None and error.__context__ is not None:
        return f"{error} ({type(error.__context__).__name__})"
    return str(error)
