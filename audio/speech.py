"""Speech text: Markdown flattened to plain sentences, shared by every engine."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from audio.normalize import normalize, stress

_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TERMINAL = ".!?\u2026\u3002\uff01\uff1f"  # also the ellipsis and CJK full stop, ! and ?
_CLOSERS = "\"'\u00bb\u201d\u2019)]"  # quotes and brackets that may follow the full stop
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(f"(?<=[{re.escape(_TERMINAL)}])[{re.escape(_CLOSERS)}]*\\s+")
_CLAUSE_END = re.compile("(?<=[,;:\u2014\u2013])\\s+")  # also em and en dashes


def speech_text(
    title: str, markdown: str, pronounce: Mapping[str, str] | None = None, lang: str | None = None
) -> str:
    """The exact text an engine speaks: the title as a sentence, then the body's sentences."""
    return spoken_text(_plain(title, markdown), lang, pronounce)


def spoken_text(text: str, lang: str | None, pronounce: Mapping[str, str] | None = None) -> str:
    """Plain text as an engine says it: numbers and abbreviations read for `lang`, then respelled.

    A [pronounce] entry with a digit in it ("Т-34") is applied first, since normalization
    leaves no digit to match; every other entry after, so it can respell normalized words too.
    """
    table = {word: stress.marked(spoken) for word, spoken in (pronounce or {}).items()}
    early = {word: spoken for word, spoken in table.items() if any(c.isdigit() for c in word)}
    text = respell(text, early)
    if lang:
        text = normalize(text, lang, keep=table.keys())
    return respell(text, {word: spoken for word, spoken in table.items() if word not in early})


@functools.lru_cache(maxsize=4096)
def _plain(title: str, markdown: str) -> str:
    """Parsing dominates a no-change build's narration check; each text is parsed once."""
    blocks = [title, *_blocks(_MARKDOWN.parse(markdown))]
    return " ".join(_sentence(block) for block in blocks if _clean(block))


def parse(markdown: str) -> list[Token]:
    """The Markdown's tokens, as speech text reads them."""
    return _MARKDOWN.parse(markdown)


def respell(text: str, pronounce: Mapping[str, str]) -> str:
    """Replace whole words (case-sensitive) by their spoken form."""
    if not pronounce:
        return text
    words = sorted(pronounce, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    return pattern.sub(lambda match: pronounce[match.group(0)], text)


def pack(text: str, limit: int = 100) -> list[str]:
    """Whole sentences packed into chunks of at most `limit` characters.

    A sentence longer than `limit` is cut at clause punctuation, then between words,
    and a single word longer than `limit` is cut where it must be.
    """
    chunks: list[str] = []
    current = ""
    for piece in _pieces(_clean(text), limit):
        if current and len(current) + 1 + len(piece) <= limit:
            current = f"{current} {piece}"
        else:
            if current:
                chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def _pieces(text: str, limit: int) -> Iterator[str]:
    for sentence in _split(text, _SENTENCE_END):
        if len(sentence) <= limit:
            yield sentence
            continue
        for clause in _split(sentence, _CLAUSE_END):
            if len(clause) <= limit:
                yield clause
                continue
            yield from _words(clause, limit)


def _words(clause: str, limit: int) -> Iterator[str]:
    current = ""
    for word in clause.split(" "):
        while len(word) > limit:
            if current:
                yield current
                current = ""
            yield word[:limit]
            word = word[limit:]
        if current and len(current) + 1 + len(word) <= limit:
            current = f"{current} {word}"
        else:
            if current:
                yield current
            current = word
    if current:
        yield current


def _split(text: str, pattern: re.Pattern[str]) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in pattern.finditer(text):
        parts.append(text[start : match.start() + len(match.group(0).rstrip())])
        start = match.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _blocks(tokens: Sequence[Token]) -> Iterator[str]:
    """The text of every inline block (headings, paragraphs, list items, table cells)."""
    for token in tokens:
        if token.type == "inline":
            yield _inline_text(token.children or [])


def _inline_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:  # an image's alt text is not narrated: it is not among these types
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _sentence(block: str) -> str:
    text = _clean(block)
    if text.rstrip(_CLOSERS)[-1:] in _TERMINAL or text[-1] in ":;":
        return text
    return text + "."
