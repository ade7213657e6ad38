"""A narration as a list of sentences: what captions show and what engines speak, one by one.

The order is the title, then the stop's content note (when spoken), then the body's blocks;
each block is cut into sentences the same way for the audio and for the page's transcript,
so cue `i` of the captions is sentence `i` on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from audio.speech import _SENTENCE_END, _blocks, _clean, _sentence, _split, parse, speech_text


def block_sentences(block: str) -> list[str]:
    """The sentences of one block of plain text (a paragraph, heading, list item or note)."""
    if not _clean(block):
        return []
    return _split(_sentence(block), _SENTENCE_END)


def body_blocks(markdown: str) -> list[list[str]]:
    """The sentences of every spoken block of a Markdown body, block by block."""
    return [found for block in _blocks(parse(markdown)) if (found := block_sentences(block))]


def sentences(title: str, markdown: str, note: str = "") -> list[str]:
    """Every sentence of a narration as written: title, note, body."""
    out = block_sentences(title) + block_sentences(note)
    for block in body_blocks(markdown):
        out += block
    return out


def spoken(written: Sequence[str], pronounce: Mapping[str, str] | None = None) -> list[str]:
    """Each written sentence as the engine speaks it (the build's one speech-text path)."""
    return [speech_text(sentence, "", pronounce) for sentence in written]
