"""Titles are plain text: what the author types is what visitors see, in every place a title
appears (page headings, stop lists, placards, the media session, tour.json).

A title that looks like Markdown (`The *Dombra*`, `[Arch](https://...)`) would show its
asterisks or brackets as typed, so `audioguide check` warns about it and suggests the plain form.
"""

from __future__ import annotations

import re

# Each pattern keeps the visible text in its group "text"; the rest is markup.
_MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Markdown link", re.compile(r"!?\[(?P<text>[^\]]+)\]\([^)]*\)")),
    ("a Markdown link", re.compile(r"<(?P<text>(?:https?|mailto):[^>\s]+)>")),
    ("Markdown code", re.compile(r"`+(?P<text>[^`]+?)`+")),
    ("Markdown emphasis", re.compile(r"(?P<mark>\*{1,3})(?=\S)(?P<text>.+?)(?<=\S)(?P=mark)")),
    (
        "Markdown emphasis",
        re.compile(r"(?<![\w\\])(?P<mark>_{1,3})(?=\S)(?P<text>.+?)(?<=\S)(?P=mark)(?!\w)"),
    ),
)


def plain_title(title: str) -> str:
    """The title with any Markdown markup removed (the text a visitor should see)."""
    for _, pattern in _MARKUP:
        title = pattern.sub(lambda match: match.group("text"), title)
    return title


def title_markup(title: str) -> str | None:
    """A message if the title contains Markdown markup, else None."""
    found = [name for name, pattern in _MARKUP if pattern.search(title)]
    if not found:
        return None
    return (
        f"titles are plain text, not Markdown: {found[0]} in {title!r} would show as typed "
        f"in headings, stop lists and placards; write {plain_title(title)!r}"
    )
