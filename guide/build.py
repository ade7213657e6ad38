"""`build()`: tour folders in, a static site folder out.

Stages, in order: load -> plan (every check; nothing written yet) -> narrate -> stage the
site (media, print, pages, manifests) -> publish (atomic swap). Any failure before publish
leaves the previous SITE exactly as it was.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from audio import Narrated, NarrationError, NarrationJob, Narrator
from guide import images, manifest, sitedir
from guide.errors import BuildError, Problem
from guide.model import AudioFile, BuiltTour, Picture, Stop, Tour
from guide.printcache import PrintCache, file_digest
from guide.printroom import print_room
from guide.reading import Refused, TourFolder
from guide.render import render_site
from guide.tourset import Reading, read_tours
from qr.codes import qr_png, qr_svg
from qr.placards import PlacardSet, render_placards

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class BuildOptions:
    engine: str = "auto"
    fallback: bool = False  # with a named engine, fall back to the others instead of failing
    base_url: str | None = None
    strict: bool = False
    cache_dir: Path | None = None
    font: Path | None = None
    progress: Progress | None = None


@dataclass(frozen=True)
class BuildSummary:
    site: Path
    tours: int
    stops: int
    languages: int
    audio_seconds: float
    bytes: int
    seconds: float
    engines: Counter[str]
    engine_calls: int
    warnings: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        engines = ", ".join(f"{name} {count}" for name, count in sorted(self.engines.items()))
        return (
            f"Built {self.tours} tour(s), {self.stops} stops, {self.languages} languages, "
            f"{self.audio_seconds / 60:.1f} audio minutes ({engines}; "
            f"{self.engine_calls} synthesized), {self.bytes / 1e6:.1f} MB "
            f"in {self.seconds:.1f} s -> {self.site}"
        )


@dataclass(frozen=True)
class _Plan:
    tours: list[Tour]
    jobs: dict[tuple[str, int, str], NarrationJob]  # (tour id, stop number, language)
    placards: dict[str, tuple[PlacardSet, Path]]  # tour id -> placards and their font


def build(
    tour_dirs: Sequence[Path], site: Path, options: BuildOptions | None = None
) -> BuildSummary:
    options = options or BuildOptions()
    started = time.monotonic()
    reading = load(tour_dirs, options)
    narrator = Narrator(
        engine=options.engine,
        cache_dir=options.cache_dir,
        fallback=options.fallback or None,  # None: the Narrator's rule (auto falls back)
    )
    plan = check(reading, site, narrator)
    warnings = [*reading.problems, *narration_warnings(reading.tours, plan, narrator)]
    narrated = narrate(plan, narrator, options)
    with sitedir.staging(site) as stage:
        files: dict[str, sitedir.Content] = {}
        built = [stage_media(tour, narrated, files, options.cache_dir) for tour in plan.tours]
        for tour in built:
            stage_print(tour, *plan.placards[tour.tour.id], options.cache_dir, files)
            files.update(print_room(tour, plan.placards[tour.tour.id][0], warnings))
        rendered = render_site(built)
        files.update(rendered.files)
        for tour in built:
            files[f"{tour.tour.id}/tour.json"] = manifest.encode(
                manifest.tour_manifest(tour, files, rendered.shell)
            )
        write(stage, files)
        sitedir.publish(stage, site)
    summary = BuildSummary(
        site=site,
        tours=len(built),
        stops=sum(len(t.tour.stops) for t in built),
        languages=len({lang for t in built for lang in t.tour.languages}),
        audio_seconds=sum(n.seconds for n in narrated.values()),
        bytes=sum(sitedir.size_of(content) for content in files.values()),
        seconds=time.monotonic() - started,
        engines=Counter(n.engine for n in narrated.values()),
        engine_calls=narrator.engine_calls,
        warnings=warnings,
    )
    log.info(summary.line())
    return summary


def load(tour_dirs: Sequence[Path], options: BuildOptions) -> Reading:
    """Read every tour; raise with all problems if any is an error (or, strict, a warning)."""
    if not tour_dirs:
        raise BuildError("no tour folder given")
    reading = read_tours(tour_dirs, base_url=options.base_url, font=options.font)
    reading.raise_if_failed(options.strict)
    return reading


def check(reading: Reading, site: Path, narrator: Narrator) -> _Plan:
    """What only a build can find wrong (its output folder, its engines), before any writing."""
    tours = reading.tours
    errors = sitedir.check_output(site, [tour.root for tour in tours])
    jobs = {
        (tour.id, stop.number, lang): narration_job(tour, stop, lang)
        for tour in tours
        for stop in tour.stops
        for lang in stop.narrations
    }
    errors += narrator.check(list(jobs.values()))
    if errors:
        raise BuildError("\n".join([*errors, "nothing was written"]))
    return _Plan(tours, jobs, reading.placards)


def narration_warnings(tours: list[Tour], plan: _Plan, narrator: Narrator) -> list[Problem]:
    """A Piper voice the tour names but this machine lacks: the build goes on without it."""
    found = []
    for message in narrator.warnings(list(plan.jobs.values())):
        tour_id = message.split("/", 1)[0]
        root = next(tour.root for tour in tours if tour.id == tour_id)
        found.append(Problem(root / "tour.toml", None, "warning", message))
    return found


def narration_job(tour: Tour, stop: Stop, lang: str) -> NarrationJob:
    narration = stop.narrations[lang]
    voice = tour.voices.get(lang)
    piper = voice.piper if voice else None
    if piper and ("/" in piper or piper.endswith(".onnx")):
        piper = str(tour.root / piper)  # a path in tour.toml is relative to the tour folder
    captions = narration.source.with_suffix(".vtt")
    return NarrationJob(
        key=f"{tour.id}/{stop.number}/{lang}",
        lang=lang,
        title=narration.title,
        markdown=narration.markdown,
        pronounce=tour.pronounce.get(lang, {}),
        recording=narration.recording,
        tld=voice.tld if voice else None,
        espeak_voice=voice.espeak if voice else None,
        speed=voice.speed if voice else 1.0,
        piper=piper,
        speaker=voice.speaker if voice else None,
        note=stop.note.get(lang, "") if tour.speak_notes else "",
        captions=captions if narration.recording and captions.is_file() else None,
        album=tour.text(tour.title, lang),
        track=stop.number,
    )


def narrate(
    plan: _Plan, narrator: Narrator, options: BuildOptions
) -> dict[tuple[str, int, str], Narrated]:
    keys = list(plan.jobs)
    progress = options.progress

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("narration", done, total)

    try:
        results = narrator.narrate([plan.jobs[key] for key in keys], progress=report)
    except NarrationError as exc:
        raise BuildError(f"narration failed: {exc}; nothing was written") from exc
    return dict(zip(keys, results, strict=True))


def stage_media(
    tour: Tour,
    narrated: dict[tuple[str, int, str], Narrated],
    files: dict[str, sitedir.Content],
    cache_dir: Path | None = None,
) -> BuiltTour:
    """Audio and images into `files`; returns the tour with the paths it will link to."""
    audio: dict[tuple[int, str], AudioFile] = {}
    stop_images: dict[int, str] = {}
    pictures: dict[int, Picture] = {}
    for stop in tour.stops:
        for lang in stop.narrations:
            result = narrated[(tour.id, stop.number, lang)]
            path = f"{tour.id}/audio/{stop.number}-{lang}-{result.digest[:10]}{result.suffix}"
            files[path] = sitedir.Copy(result.path, result.bytes, result.digest)
            vtt = None
            if result.captions is not None:
                data = result.captions.encode()
                digest = hashlib.sha256(data).hexdigest()[:10]
                vtt = f"{tour.id}/audio/{stop.number}-{lang}-{digest}.vtt"
                files[vtt] = data
            audio[(stop.number, lang)] = AudioFile(
                path, result.bytes, result.seconds, result.engine, result.voice, vtt
            )
        for lang in tour.languages:
            if lang not in stop.narrations:
                audio[(stop.number, lang)] = audio[(stop.number, tour.default_language)]
        if stop.image is not None:
            try:
                data = TourFolder(tour.root).read(stop.image, "image")  # checked again: it
            except Refused as exc:  # may have changed since the tour was read
                raise BuildError(f"{exc.path}: {exc}") from exc
            picture, made = images.publish(data, f"{tour.id}/images/{stop.number}", cache_dir)
            files.update(made)
            pictures[stop.number] = picture
            stop_images[stop.number] = picture.offline
    return BuiltTour(
        tour=tour,
        audio=audio,
        images=stop_images,
        placards=f"{tour.id}/print/placards.pdf",
        pictures=pictures,
    )


def stage_print(
    built: BuiltTour,
    cards: PlacardSet,
    font: Path,
    cache_dir: Path | None,
    files: dict[str, sitedir.Content],
) -> None:
    tour = built.tour
    cache = PrintCache(cache_dir)
    for stop in tour.stops:
        url = tour.stop_url(stop.number)
        files[f"{tour.id}/print/qr/{stop.number}.svg"] = cache.get(
            ".svg", ("qr", url), functools.partial(qr_svg, url)
        )
        files[f"{tour.id}/print/qr/{stop.number}.png"] = cache.get(
            ".png", ("qr", url), functools.partial(qr_png, url)
        )
    for layout, name in (("a6", "placards.pdf"), ("a4", "placards-a4.pdf")):
        files[f"{tour.id}/print/{name}"] = cache.get(
            ".pdf",
            (cards, layout, file_digest(font)),
            functools.partial(render_placards, cards, layout, font),
        )


def write(stage: Path, files: dict[str, sitedir.Content]) -> None:
    folders = sorted({(stage / path).parent for path in files})
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(files):
        try:
            sitedir.write_file(stage, path, files[path])
        except OSError as exc:
            raise BuildError(f"{stage / path}: cannot write: {exc.strerror}") from exc
