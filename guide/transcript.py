"""The stop page's transcript, each sentence in a `data-cue` span matching its caption cue.

Sentences are cut exactly as `audio.sentences` cuts them for the engine (the same parser, the
same splitter), so span `i` is cue `i` of the narration's WebVTT: the title's sentences first,
then the spoken content note's, then the body's. Within a block of several sentences the
inline formatting is dropped (text only); a one-sentence block keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup

from audio.sentences import inline_text, split_block
from audio.speech import parse


@dataclass(frozen=True)
class Synced:
    title: Markup
    note: Markup
    body: Markup


def synced(title: str, note: str, markdown: str) -> Synced:
    """Title, note ("" when it is not spoken) and body with numbered sentence spans."""
    counter = _Counter()
    head = counter.spans(split_block(title))
    aside = counter.spans(split_block(note)) if note else Markup("")
    tokens = parse(markdown)
    for token in tokens:
        if token.type == "html_block":  # never spoken; shown as text, never as HTML
            token.type, token.content = "cue_html", f"<p>{escapeHtml(token.content)}</p>"
        if token.type != "inline":
            continue
        parts = split_block(inline_text(token.children or []))  # exactly as spoken
        children = [_safe(child) for child in token.children or []]
        if len(parts) == 1:  # one sentence: its formatting and links stay
            token.children = [_raw(counter.open()), *children, _raw("</span>")]
        else:
            token.children = [_raw(counter.spans(parts))]
    md = _renderer()
    body = md.renderer.render(tokens, md.options, {})
    return Synced(head, aside, Markup(body))


def _raw(html: str) -> Token:
    return Token("cue_html", "", 0, content=html)


def _safe(child: Token) -> Token:
    """Raw inline HTML shows as text; an image shows as its alt text (never loaded)."""
    if child.type == "html_inline":
        return Token("text", "", 0, content=child.content)
    if child.type == "image":
        return Token("text", "", 0, content=inline_text(child.children or []))
    return child


class _Counter:
    def __init__(self) -> None:
        self.next = 0

    def open(self) -> str:
        self.next += 1
        return f'<span class="cue" data-cue="{self.next - 1}">'

    def spans(self, parts: Sequence[str]) -> Markup:
        out = []
        for part in parts:
            out.append(f'<span class="cue" data-cue="{self.next}">{escapeHtml(part)}</span>')
            self.next += 1
        return Markup(" ".join(out))


def _cue_html(
    _self: object, tokens: Sequence[Token], idx: int, _options: object, _env: object
) -> str:
    return tokens[idx].content


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("cue_html", _cue_html)
    return md
