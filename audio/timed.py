"""Joining per-sentence PCM into one narration while keeping each sentence's start time."""

from __future__ import annotations

from collections.abc import Sequence

SAMPLE_BYTES = 2  # 16-bit mono


def join_pcm(
    chunks: Sequence[bytes], sample_rate: int, gap: float = 0.0
) -> tuple[bytes, tuple[float, ...]]:
    """One PCM stream from the sentences' PCM, `gap` seconds of silence between them, and the
    start (seconds) of every sentence in it."""
    silence = b"\0" * (round(gap * sample_rate) * SAMPLE_BYTES)
    out = bytearray()
    starts: list[float] = []
    for index, chunk in enumerate(chunks):
        if index and silence:
            out += silence
        starts.append(round(len(out) / SAMPLE_BYTES / sample_rate, 3))
        out += chunk
    return bytes(out), tuple(starts)
