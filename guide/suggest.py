"""Names the user meant: "did you mean" hints and the canonical case of language codes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# BCP-47 as tours use it: a 2-3 letter language, then subtags (pt-BR, sr-Latn). ASCII only.
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice (case-insensitive), or ""."""
    options = list(choices)
    lowered = {choice.lower(): choice for choice in options}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f" (did you mean '{lowered[word.lower()]}'?)"
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


def canonical_language(code: str) -> str | None:
    """`EN` -> `en`, `PT-br` -> `pt-BR`: the usual spelling of a code only cased wrongly."""
    parts = code.split("-")
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(
            part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower()
        )
    spelled = "-".join(fixed)
    return spelled if code.isascii() and LANGUAGE.fullmatch(spelled) else None
