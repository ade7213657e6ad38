"""The Narrator: narration jobs in, finished tagged MP3 files from the cache out.

Per job: a recording if there is one; else the engines in order (under `auto`: the tour's Piper
voice when it is installed, then gTTS where it has the language and answers a probe, then
espeak-ng), each first looked up in the cache. Engine calls run in a pool (threads for gTTS;
processes for espeak-ng and Piper, one per core). Every synthetic narration is spoken sentence
by sentence, so its captions know when each sentence starts.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from audio import captions, mp3, recording, voices
from audio.cache import Cache, Entry, default_dir, key
from audio.engine import Engine, EngineFailed, Speech, Voice
from audio.job import Narrated, NarrationError, NarrationJob
from audio.registry import ENGINES
from audio.sentences import sentences, spoken

logger = logging.getLogger(__name__)

SPEED_RANGE = (0.5, 2.0)
_LAYOUT = "v2"  # bump when what goes into a key changes meaning


@dataclass
class _Task:
    index: int
    job: NarrationJob
    spoken: tuple[str, ...]  # what the engine says, sentence by sentence
    voice: Voice
    candidates: list[str]  # engine names still to try, best first
    tried: list[str] = field(default_factory=list)  # why earlier engines failed


class Narrator:
    def __init__(
        self,
        engine: str = "auto",
        cache_dir: Path | None = None,
        *,
        fallback: bool | None = None,
        engines: Mapping[str, Engine] | None = None,
    ) -> None:
        self.engines: dict[str, Engine] = (
            dict(engines) if engines is not None else {n: f() for n, f in ENGINES.items()}
        )
        if engine != "auto" and engine not in self.engines:
            known = ", ".join(["auto", *self.engines])
            raise NarrationError(f"unknown narration engine {engine!r} (known: {known})")
        self.mode = engine
        self.fallback = engine == "auto" if fallback is None else fallback
        self.cache = Cache(cache_dir or default_dir())
        self.engine_calls = 0  # real synthesis calls made so far
        self.engines_used: Counter[str] = Counter()  # engine -> finished jobs
        self._down: dict[str, str] = {}  # engine -> why it is not used for the rest of this build
        self._voices: dict[str, voices.InstalledVoice | None] = {}  # Piper voice name -> found

    # ----- checking, before anything is made

    def check(self, jobs: Sequence[NarrationJob]) -> list[str]:
        """Every problem the jobs have, found without synthesizing or writing anything."""
        problems: list[str] = []
        for job in jobs:
            low, high = SPEED_RANGE
            if not low <= job.speed <= high:
                problems.append(f"{job.key}: speed {job.speed} is outside {low}..{high}")
            if job.recording is not None:
                try:
                    recording.plan(job.recording)
                    if job.captions is not None:
                        captions.parse(job.captions.read_text(encoding="utf-8-sig"))
                except recording.BadRecording as error:
                    problems.append(f"{job.key}: {error}")
                except (OSError, UnicodeDecodeError, captions.CaptionsInvalid) as error:
                    problems.append(f"{job.key}: {job.captions}: {error}")
                continue
            if not any(_spoken(job)):
                problems.append(f"{job.key}: the narration has no text to speak")
            missing = self._missing_voice(job)
            if missing and self.mode == "piper":
                problems.append(f"{job.key}: {missing}")
                continue
            problems += [f"{job.key}: {p}" for p in self._voice_problems(self._voice(job))]
        return problems

    def warnings(self, jobs: Sequence[NarrationJob]) -> list[str]:
        """What the build goes on without: a Piper voice named by the tour but not installed."""
        found: dict[str, str] = {}
        for job in jobs:
            missing = self._missing_voice(job) if job.recording is None else None
            if missing and self.fallback and self.mode != "piper":  # else piper is not used
                found.setdefault(missing, job.key)
        return [f"{where}: {message}" for message, where in found.items()]

    def _missing_voice(self, job: NarrationJob) -> str | None:
        if job.piper is None or self._resolve(job.piper) is not None:
            return None
        return (
            f"Piper voice {job.piper!r} is not installed; install it with: "
            f"audioguide voices add <{job.piper}.onnx path or URL> (see docs/narration.md)"
        )

    def _resolve(self, name: str) -> voices.InstalledVoice | None:
        if name not in self._voices:
            self._voices[name] = voices.resolve(name)
        return self._voices[name]

    def _voice(self, job: NarrationJob) -> Voice:
        found = self._resolve(job.piper) if job.piper else None
        return Voice(
            job.lang, job.tld, job.espeak_voice, job.speed,
            piper=str(found.model) if found else None,
            piper_digest=voices.digest(found.model) if found else None,
            speaker=job.speaker,
        )  # fmt: skip

    def _voice_problems(self, voice: Voice) -> list[str]:
        order = self._order()
        if not self.fallback:
            problem = self.engines[order[0]].problem(voice)
            if problem and self.mode != "auto":
                problem += f" (--engine {self.mode} allows no fallback)"
            return [problem] if problem else []
        usable = [name for name in order if self._speaks(name, voice)]
        if not usable:
            return [f"no engine speaks {voice.lang!r} ({', '.join(order)})"]
        return [p for name in usable if (p := self.engines[name].problem(voice))]

    def _speaks(self, name: str, voice: Voice) -> bool:
        """Piper speaks only with a voice the tour chose; the others by language."""
        if name == "piper" and voice.piper is None:
            return False
        return self.engines[name].supports(voice.lang)

    def _order(self) -> list[str]:
        names = list(self.engines)
        if self.mode == "auto":
            return names
        rest = [name for name in names if name != self.mode] if self.fallback else []
        return [self.mode, *rest]

    # ----- narrating

    def narrate(
        self,
        jobs: Sequence[NarrationJob],
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Narrated]:
        """One finished file per job, in the order of `jobs`; raises NarrationError."""
        problems = self.check(jobs)
        if problems:
            raise NarrationError("; ".join(problems))
        results: list[Narrated | None] = [None] * len(jobs)
        done = 0

        def finish(task_index: int, item: Narrated) -> None:
            nonlocal done
            results[task_index] = item
            self.engines_used[item.engine] += 1
            done += 1
            if progress is not None:
                progress(done, len(jobs))

        queues: dict[str, list[_Task]] = {name: [] for name in self.engines}
        for index, job in enumerate(jobs):
            if job.recording is not None:
                finish(index, self._recorded(job))
                continue
            voice = self._voice(job)
            task = _Task(index, job, tuple(_spoken(job)), voice, self._candidates(voice))
            self._route(task, queues, finish)
        for name in self._order():  # an engine's failures move on to engines later in this order
            for task, outcome in self._synthesize(name, queues[name]):
                if isinstance(outcome, Speech):
                    finish(task.index, self._store(task, name, outcome))
                    continue
                task.tried.append(f"{name}: {outcome}")
                if not task.candidates:
                    raise NarrationError(f"{task.job.key}: {'; '.join(task.tried)}")
                if self.fallback:
                    self._down[name] = outcome
                    logger.warning("%s: %s failed (%s); falling back", task.job.key, name, outcome)
                self._route(task, queues, finish)
        return [item for item in results if item is not None]

    def _candidates(self, voice: Voice) -> list[str]:
        order = self._order()
        if not self.fallback:
            return order[:1]
        return [n for n in order if self._speaks(n, voice)]

    def _route(
        self,
        task: _Task,
        queues: dict[str, list[_Task]],
        finish: Callable[[int, Narrated], None],
    ) -> None:
        """Finish `task` from the cache, or queue it for the first engine that can make it."""
        while task.candidates:
            name = task.candidates.pop(0)
            engine = self.engines[name]
            raw_key = self._raw_key(engine, task)
            hit = self._cached(task.job, raw_key, name)
            if hit is not None:
                finish(task.index, hit)
                return
            reason = self._unusable(name) if task.candidates else None  # probe only with a plan B
            if reason is None:
                queues[name].append(task)
                return
            task.tried.append(f"{name}: {reason}")
        raise NarrationError(f"{task.job.key}: no engine could speak it ({'; '.join(task.tried)})")

    def _unusable(self, name: str) -> str | None:
        """Why `name` is skipped for this build; probes it once (only when a fallback exists)."""
        if name not in self._down:
            reason = self.engines[name].probe()
            self._down[name] = reason or ""
            if reason:
                logger.warning("narration: %s is not used in this build: %s", name, reason)
        return self._down[name] or None

    def _synthesize(self, name: str, tasks: list[_Task]) -> Iterator[tuple[_Task, Speech | str]]:
        """(task, speech or the reason it failed) for every task, as each completes."""
        if not tasks:
            return
        engine = self.engines[name]
        self.engine_calls += len(tasks)
        logger.info("narration: %d file(s) to make with %s", len(tasks), name)
        workers = min(engine.workers, len(tasks))
        if workers <= 1:
            for task in tasks:
                yield task, _call(engine, task.spoken, task.voice)
            return
        with _pool(engine, workers) as pool:
            futures: dict[Future[Speech | str], _Task] = {
                pool.submit(_call, engine, task.spoken, task.voice): task for task in tasks
            }
            try:
                for future in as_completed(futures):
                    yield futures[future], future.result()
            except BrokenProcessPool as error:
                raise NarrationError(f"the {name} worker process died: {error}") from error

    # ----- the cache

    def cached_length(self, job: NarrationJob) -> tuple[float, str] | None:
        """(seconds, engine) of the job's narration if the cache holds it, else None.

        Looks only: never synthesizes, probes an engine or writes to the cache."""
        if job.recording is not None:
            try:
                digest = hashlib.sha256(job.recording.read_bytes()).hexdigest()
            except OSError:
                return None
            candidates = [("recording", key("raw", _LAYOUT, "recording", recording.RECIPE, digest))]
        else:
            voice = self._voice(job)
            task = _Task(0, job, tuple(_spoken(job)), voice, self._candidates(voice))
            candidates = [(n, self._raw_key(self.engines[n], task)) for n in task.candidates]
        for name, raw_key in candidates:
            entry = self.cache.final(_out_key(job, raw_key))
            if entry is not None:
                return entry.seconds, entry.engine
            raw = self.cache.raw(raw_key)  # made for other tags (a new title): same length
            if raw is not None:
                return mp3.seconds(raw), name
        return None

    def _raw_key(self, engine: Engine, task: _Task) -> str:
        voice = task.voice
        return key("raw", _LAYOUT, engine.name, engine.version(), voice.lang, voice.tld,
                   voice.espeak, voice.speed, voice.piper_digest, voice.speaker,
                   list(task.spoken))  # fmt: skip

    def _cached(self, job: NarrationJob, raw_key: str, engine: str) -> Narrated | None:
        entry = self.cache.final(_out_key(job, raw_key))
        if entry is not None:
            return self._narrated(job, entry)
        raw, starts = self.cache.raw(raw_key), self.cache.raw_starts(raw_key)
        if raw is not None and starts is not None:
            return self._tag(job, raw_key, Speech(raw, starts), engine)
        return None

    def _store(self, task: _Task, engine: str, speech: Speech) -> Narrated:
        raw_key = self._raw_key(self.engines[engine], task)
        self.cache.put_raw(raw_key, speech.mp3, speech.starts)
        return self._tag(task.job, raw_key, speech, engine)

    def _tag(self, job: NarrationJob, raw_key: str, speech: Speech, engine: str) -> Narrated:
        data = mp3.tagged(
            speech.mp3, title=job.title, album=job.album, track=job.track, lang=job.lang
        )
        entry = self.cache.put_final(
            _out_key(job, raw_key), data, mp3.seconds(data), engine, speech.starts
        )
        return self._narrated(job, entry)

    def _narrated(self, job: NarrationJob, entry: Entry) -> Narrated:
        text: str | None = None
        if entry.engine == "recording":
            text = _own_captions(job, entry.seconds)
        elif entry.starts:
            written = _written(job)
            text = captions.webvtt(captions.from_starts(written, entry.starts, entry.seconds))
        return Narrated(
            job=job,
            path=entry.path,
            suffix=".mp3",
            digest=entry.digest,
            bytes=entry.bytes,
            seconds=entry.seconds,
            engine=entry.engine,
            voice=self._voice_name(job, entry.engine),
            captions=text,
        )

    def _voice_name(self, job: NarrationJob, engine: str) -> str | None:
        if engine == "piper" and job.piper:
            found = self._resolve(job.piper)
            return found.name if found else job.piper
        if engine == "espeak":
            return job.espeak_voice or job.lang
        if engine == "gtts":
            return f"{job.lang} ({job.tld})" if job.tld else job.lang
        return None

    def _recorded(self, job: NarrationJob) -> Narrated:
        assert job.recording is not None
        try:
            source = job.recording.read_bytes()
        except OSError as error:
            raise NarrationError(f"{job.key}: {job.recording}: {error.strerror}") from error
        digest = hashlib.sha256(source).hexdigest()
        raw_key = key("raw", _LAYOUT, "recording", recording.RECIPE, digest)
        hit = self._cached(job, raw_key, "recording")
        if hit is not None:
            return hit
        try:
            raw = recording.prepare(job.recording)
        except recording.BadRecording as error:
            raise NarrationError(f"{job.key}: {error}") from error
        self.cache.put_raw(raw_key, raw)
        return self._tag(job, raw_key, Speech(raw, ()), "recording")


def _call(engine: Engine, sentences: Sequence[str], voice: Voice) -> Speech | str:
    """Engine output validated as MP3, or why there is none (runs in a worker)."""
    try:
        speech = engine.speak(sentences, voice)
        mp3.frames(speech.mp3)
        if mp3.seconds(speech.mp3) <= 0:
            return "the engine returned empty audio"
        if len(speech.starts) != len(sentences):
            return f"the engine timed {len(speech.starts)} of {len(sentences)} sentences"
    except (EngineFailed, mp3.InvalidMP3, OSError) as error:
        return str(error) or type(error).__name__
    return speech


def _pool(engine: Engine, workers: int) -> Executor:
    if engine.processes:
        # forkserver: never fork a process that may hold threads or a library's state
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([type(engine).__module__])
        return ProcessPoolExecutor(workers, mp_context=context)
    return ThreadPoolExecutor(workers, thread_name_prefix=f"narrate-{engine.name}")


def _written(job: NarrationJob) -> list[str]:
    return sentences(job.title, job.markdown, job.note)


def _spoken(job: NarrationJob) -> list[str]:
    return spoken(_written(job), job.pronounce, job.lang)


def _own_captions(job: NarrationJob, seconds: float) -> str | None:
    """A recording's own WebVTT, checked against its audio; None when it has none."""
    if job.captions is None:
        return None
    text = job.captions.read_text(encoding="utf-8-sig")
    found = captions.problems(captions.parse(text), seconds)
    if found:
        raise NarrationError(f"{job.key}: {job.captions}: {'; '.join(found)}")
    return text


def _out_key(job: NarrationJob, raw_key: str) -> str:
    return key("out", _LAYOUT, raw_key, job.title, job.album, job.track, job.lang)
