"""A stress mark in a [pronounce] spoken form: "зам+ок" or "замо́к" for one word.

Two notations are accepted: "+" before the stressed vowel (the notation of Russian TTS
corpora) and the combining acute accent U+0301 after it (the dictionaries' notation). Both
become the acute accent, which espeak-ng's Russian rules read as stress since July 2025.
The espeak-ng 1.52 that espeakng-loader ships does not: it ignores the mark or, worse, splits
the word there, so `plain()` removes it before that engine (see docs/narration.md).
"""

from __future__ import annotations

import re

ACUTE = "\u0301"
_VOWELS = "аеёиоуыэюяәіөүұaeiouy"
_PLUS = re.compile(rf"\+([{_VOWELS}])", re.IGNORECASE)


def marked(spoken: str) -> str:
    """`spoken` with "+" before a vowel turned into an acute accent after it."""
    return _PLUS.sub(lambda match: match.group(1) + ACUTE, spoken)


def plain(text: str) -> str:
    """`text` without stress marks, for engines that misread them."""
    return text.replace(ACUTE, "")
