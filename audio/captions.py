"""WebVTT captions: made from sentence start times, or read and checked from a museum's file."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

END_SLACK = 0.5  # the last cue ends within this many seconds of the audio's end
_TIMING = re.compile(
    r"^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})(?:\s.*)?$"
)


class CaptionsInvalid(ValueError):
    """A WebVTT file that cannot be used; the message names the line."""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def from_starts(texts: Sequence[str], starts: Sequence[float], duration: float) -> list[Cue]:
    """One cue per sentence: from its start to the next sentence's start (the last: the end)."""
    if len(texts) != len(starts):
        raise ValueError(f"{len(texts)} sentences but {len(starts)} start times")
    ends = [*starts[1:], max(duration, starts[-1] if starts else 0.0)]
    return [Cue(s, e, t) for t, s, e in zip(texts, starts, ends, strict=True)]


def webvtt(cues: Sequence[Cue]) -> str:
    """The cues as a WebVTT file; each cue's id is its index (the page's `data-cue`)."""
    blocks = ["WEBVTT"]
    for index, cue in enumerate(cues):
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace("-->", "->")
        blocks.append(f"{index}\n{_clock(cue.start)} --> {_clock(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def parse(text: str) -> list[Cue]:
    """The cues of a WebVTT file; raises CaptionsInvalid naming the line."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise CaptionsInvalid("line 1: a WebVTT file starts with 'WEBVTT'")
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        line = lines[index]
        if "-->" in line:
            match = _TIMING.match(line.strip())
            if not match:
                raise CaptionsInvalid(f"line {index + 1}: bad cue timing {line.strip()!r}")
            g = match.groups()
            start, end = _seconds(*g[:4]), _seconds(*g[4:])
            if end <= start:
                raise CaptionsInvalid(f"line {index + 1}: the cue ends before it starts")
            body: list[str] = []
            index += 1
            while index < len(lines) and lines[index].strip():
                body.append(lines[index].strip())
                index += 1
            cues.append(Cue(start, end, " ".join(body)))
        index += 1
    if not cues:
        raise CaptionsInvalid("no cues")
    return cues


def problems(cues: Sequence[Cue], duration: float) -> list[str]:
    """Why the cues do not cover the audio: order, overlap, and the end."""
    found: list[str] = []
    for number, (before, after) in enumerate(itertools.pairwise(cues), start=2):
        if after.start < before.end - 0.001:
            found.append(
                f"cue {number} starts at {after.start:.3f} s, before cue {number - 1} ends"
            )
    if cues and cues[-1].end > duration + END_SLACK:
        found.append(
            f"the last cue ends at {cues[-1].end:.3f} s, after the audio ({duration:.3f} s)"
        )
    return found


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
