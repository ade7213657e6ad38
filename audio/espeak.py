"""espeak-ng, offline: a small ctypes binding over the library `espeakng-loader` ships.

The library keeps global state and is not thread-safe: every call takes `_LOCK`, and the
`Narrator` runs this engine in worker processes (`processes = True`) to use several cores.
Its output also depends on what it said before (state that survives espeak_Terminate), so
each synthesis loads the library afresh and unloads it after (~1 ms): the same text always
gives the same bytes, whatever the order of the jobs.
"""

from __future__ import annotations

import _ctypes
import ctypes
import importlib.metadata
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import espeakng_loader
import lameenc

from audio.engine import EngineFailed, Speech, Voice
from audio.normalize import stress
from audio.timed import join_pcm

_RETRIEVAL_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: the callback gets all samples
_DONT_EXIT = 0x8000  # espeakINITIALIZE_DONT_EXIT
_CHARS_UTF8 = 1
_END_PAUSE = 0x1000
_POS_CHARACTER = 1
_RATE = 1  # espeakRATE, words per minute
_PHONEMES_IPA = 0x02  # espeakPHONEMES_IPA
_DEFAULT_WPM = 175
_KBPS = 32
_QUALITY = 5  # LAME's -q: 0 best/slowest .. 9 worst/fastest
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
_LOCK = threading.Lock()
_VERSION = (  # the package pins the library and its data; read without loading the library
    f"espeakng-loader {importlib.metadata.version('espeakng-loader')}"
    f" lameenc {importlib.metadata.version('lameenc')} {_KBPS}k q{_QUALITY}"
)


class _Library:
    """A freshly loaded, initialised libespeak-ng; `close()` unloads it."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._lib = lib
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int
        ]  # fmt: skip
        data = espeakng_loader.get_data_path().encode()
        self.sample_rate = lib.espeak_Initialize(_RETRIEVAL_SYNCHRONOUS, 0, data, _DONT_EXIT)
        if self.sample_rate <= 0:
            self.close()
            raise EngineFailed(f"espeak-ng failed to initialise with data at {data.decode()}")
        self.version = (lib.espeak_Info(None) or b"?").decode()
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced while the library lives
        lib.espeak_SetSynthCallback(self._callback)

    def close(self) -> None:
        self._lib.espeak_Terminate()
        _ctypes.dlclose(self._lib._handle)

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def pcm(self, text: str, voice_name: str, wpm: int) -> bytes:
        """16-bit mono PCM at `sample_rate`."""
        if self._lib.espeak_SetVoiceByName(voice_name.encode()) != 0:
            raise EngineFailed(f"espeak-ng has no voice {voice_name!r}")
        self._lib.espeak_SetParameter(_RATE, wpm, 0)
        self._chunks = []
        data = text.encode()
        flags = _CHARS_UTF8 | _END_PAUSE
        if self._lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, flags, None, None):
            raise EngineFailed("espeak-ng refused the text")
        self._lib.espeak_Synchronize()
        return b"".join(self._chunks)

    def phonemes(self, text: str, voice_name: str) -> list[str]:
        """IPA phonemes of `text`, one string per clause espeak-ng finds (punctuation dropped)."""
        if self._lib.espeak_SetVoiceByName(voice_name.encode()) != 0:
            raise EngineFailed(f"espeak-ng has no voice {voice_name!r}")
        data = text.encode()
        pointer = ctypes.c_char_p(data)  # espeak-ng advances it clause by clause, to NULL
        clauses: list[str] = []
        while pointer.value:
            out = self._lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, _PHONEMES_IPA)
            if out:
                clauses.append(out.decode())
        return clauses


def phonemes(texts: Sequence[str], voice_name: str) -> list[list[str]]:
    """IPA phonemes of each text, per clause, from one fresh library (see the docstring)."""
    with _library() as library:
        return [library.phonemes(text, voice_name) for text in texts]


@contextmanager
def _library() -> Iterator[_Library]:
    with _LOCK:
        library = _Library()
        try:
            yield library
        finally:
            library.close()


@cache
def voices() -> dict[str, str]:
    """Every espeak-ng voice name, keyed by its lower-case form."""
    root = Path(espeakng_loader.get_data_path()) / "lang"
    return {path.name.lower(): path.name for path in root.rglob("*") if path.is_file()}


def voice_name(voice: Voice) -> str | None:
    """The espeak-ng voice for `voice`: its explicit name, else its language, else the base."""
    names = voices()
    if voice.espeak:
        return names.get(voice.espeak.lower())
    lang = voice.lang.lower()
    return names.get(lang) or names.get(lang.split("-")[0])


def encode(pcm: bytes, sample_rate: int) -> bytes:
    """Mono 16-bit PCM to a constant 32 kbps MP3."""
    encoder = lameenc.Encoder()
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_bit_rate(_KBPS)
    encoder.set_quality(_QUALITY)
    return bytes(encoder.encode(pcm) + encoder.flush())


class EspeakEngine:
    """Offline speech in ~100 languages, Kazakh included. Picklable: it holds no library."""

    name = "espeak"
    processes = True

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers

    def version(self) -> str:
        return _VERSION

    def supports(self, lang: str) -> bool:
        return voice_name(Voice(lang)) is not None

    def problem(self, voice: Voice) -> str | None:
        if voice_name(voice) is not None:
            return None
        if voice.espeak:
            return f"espeak-ng has no voice {voice.espeak!r}"
        return f"espeak-ng has no voice for language {voice.lang!r}"

    def probe(self) -> str | None:
        try:
            with _library():
                pass
        except (OSError, EngineFailed) as error:
            return f"espeak-ng cannot be loaded: {error}"
        return None

    def synthesize(self, text: str, voice: Voice) -> bytes:
        name = voice_name(voice)
        if name is None:
            raise EngineFailed(self.problem(voice) or "no voice")
        with _library() as library:
            pcm = library.pcm(stress.plain(text), name, round(_DEFAULT_WPM * voice.speed))
            rate = library.sample_rate
        if not pcm:
            raise EngineFailed("espeak-ng produced no audio")
        return encode(pcm, rate)

    def speak(self, sentences: Sequence[str], voice: Voice) -> Speech:
        name = voice_name(voice)
        if name is None:
            raise EngineFailed(self.problem(voice) or "no voice")
        wpm = round(_DEFAULT_WPM * voice.speed)
        with _library() as library:
            chunks = [library.pcm(sentence, name, wpm) for sentence in sentences]
            rate = library.sample_rate
        if not any(chunks):
            raise EngineFailed("espeak-ng produced no audio")
        pcm, starts = join_pcm(chunks, rate)
        return Speech(encode(pcm, rate), starts)
