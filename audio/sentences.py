"""A narration as a list of sentences: what captions show and what engines speak, one by one.

The order is the title, then the stop's content note (when spoken), then the body's blocks;
each block is cut into sentences the same way for the audio and for the page's transcript,
so cue `i` of the captions is sentence `i` on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markdown_it.token import Token

from audio.speech import (
    _SENTENCE_END,
    _blocks,
    _clean,
    _inline_text,
    _sentence,
    _split,
    parse,
    speech_text,
)


def split_block(block: str) -> list[str]:
    """One block of plain text (a paragraph, heading, list item or note) cut into sentences."""
    text = _clean(block)
    return _split(text, _SENTENCE_END) if text else []


def block_sentences(block: str) -> list[str]:
    """As `split_block`, the last sentence given a full stop when it has no final punctuation."""
    parts = split_block(block)
    if parts:
        parts[-1] = _sentence(parts[-1])
    return parts


def inline_text(children: Sequence[Token]) -> str:
    """The spoken text of one inline block's tokens."""
    return _inline_text(children)


def body_blocks(markdown: str) -> list[list[str]]:
    """The sentences of every spoken block of a Markdown body, block by block."""
    return [found for block in _blocks(parse(markdown)) if (found := block_sentences(block))]


def sentences(title: str, markdown: str, note: str = "") -> list[str]:
    """Every sentence of a narration as written: title, note, body."""
    out = block_sentences(title) + block_sentences(note)
    for block in body_blocks(markdown):
        out += block
    return out


def spoken(
    written: Sequence[str], pronounce: Mapping[str, str] | None = None, lang: str | None = None
) -> list[str]:
    """Each written sentence as the engine speaks it (the build's one speech-text path)."""
    return [speech_text(sentence, "", pronounce, lang) for sentence in written]
