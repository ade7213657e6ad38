"""What every language's normalizer shares: finding numbers, their neighbours, Roman numerals."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# A run of digits, or groups of three after a separator ("18 000", "18,000"): `groups` is the
# language's thousands separator class, e.g. "[ \u00a0\u202f]" or ",".
_DASHES = "\u2013\u2014-"  # en dash, em dash, hyphen


def number_pattern(groups: str, decimal: str, suffix: str) -> re.Pattern[str]:
    """A number, its optional suffix, and an optional second number after a dash (a range).

    Named groups: a, fa (fraction digits), sa (suffix); b, fb, sb for the range's second end.
    `suffix` is a pattern with one group named `S`, like r"-(?P<S>[а-я]+)".
    Nothing matches inside a word: a number glued to other letters ("A4", "3D") is left as is.
    """
    num = rf"\d{{1,3}}(?:{groups}\d{{3}})+(?!\d)|\d+"

    def end(tag: str) -> str:
        letters = suffix.replace("<S>", f"<s{tag}>")
        return rf"(?P<{tag}>{num})(?:{decimal}(?P<f{tag}>\d+))?(?:{letters})?"

    return re.compile(
        rf"(?<![\w.,\u2013\u2014-]){end('a')}(?:\s?[{_DASHES}]\s?{end('b')})?(?![\w\u0300-\u036f])"
    )


Render = Callable[[str, re.Match[str]], tuple[str, int]]


@dataclass(frozen=True)
class Rules:
    """One language's rules, run in this order by `audio.normalize.normalize`."""

    century: re.Pattern[str]  # a Roman numeral (or a range) before the word for century
    say_century: Callable[[re.Match[str]], str]
    number: re.Pattern[str]  # from number_pattern()
    render: Render  # a number match -> its words and where they end
    dash: str  # what a range's dash becomes: " – " or " to "


@dataclass(frozen=True)
class Number:
    """One number as written: its value, decimal digits and the letters glued after it."""

    value: int
    fraction: str  # the digits after the decimal sign, "" for a whole number
    suffix: str  # "го", "нүктесі", "th", ... ("" if none)
    digits: str  # the integer part as written, without separators

    @property
    def whole(self) -> bool:
        return not self.fraction


def numbers(match: re.Match[str]) -> tuple[Number, Number | None]:
    """The one or two numbers (a range) of a `number_pattern` match."""
    first = _number(match, "a")
    second = _number(match, "b") if match.group("b") else None
    return first, second


def _number(match: re.Match[str], tag: str) -> Number:
    digits = re.sub(r"\D", "", match.group(tag))
    return Number(int(digits), match.group("f" + tag) or "", match.group("s" + tag) or "", digits)


def both(first: Number, second: Number | None, say: Callable[[Number], str], dash: str) -> str:
    """A number's words, or a range's: both ends joined by `dash`."""
    return say(first) if second is None else say(first) + dash + say(second)


def substitute(text: str, pattern: re.Pattern[str], render: Render) -> str:
    """Replace every match by `render(text, match)`, which returns its words and where they end.

    A renderer may consume what follows the match (a unit, "г.", "%"), so it says where it stopped.
    Words that begin a sentence begin with a capital, as the digits needed none.
    """
    out: list[str] = []
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        words, end = render(text, match)
        words = capital(words, text, match.start())
        out.append(text[pos : match.start()])
        out.append(words)
        pos = max(end, match.end())
    out.append(text[pos:])
    return "".join(out)


_OPENERS = "\"'«\u201c("
_AFTER_SENTENCE = re.compile(rf"[.!?\u2026][\"'»\u201d)]*\s+[{_OPENERS}]*$")


def starts_sentence(text: str, start: int) -> bool:
    """Whether `start` begins a sentence (only an opening quote or bracket may come before)."""
    before = text[max(0, start - 12) : start]
    if start <= 12 and not before.strip(_OPENERS + " \u00a0\n"):
        return True
    return bool(_AFTER_SENTENCE.search(before))


_PREVIOUS = re.compile(r"([^\W\d_]+)\.?[\s\u00a0]+[«\"\u201c(]?$")
_NEXT = re.compile(r"^[\s\u00a0]*([^\W\d_]+(?:-[^\W\d_]+)*)(\.?)")


def previous_word(text: str, start: int) -> str:
    """The lower-cased word just before `start`, if only spaces (or an opening quote) part them."""
    found = _PREVIOUS.search(text, max(0, start - 40), start)
    return found.group(1).lower() if found else ""


def next_word(text: str, end: int) -> tuple[str, int, bool]:
    """The word just after `end` (as written), where it ends, and whether a full stop follows it."""
    found = _NEXT.match(text[end : end + 60])
    if not found:
        return "", end, False
    return found.group(1), end + found.end(1), bool(found.group(2))


_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
ROMAN = r"[IVXLCDM]+"


def roman_range(match: re.Match[str]) -> tuple[int, int | None] | None:
    """The values of groups a and b (optional) of a century match, None if either is no numeral."""
    first, second = roman(match.group("a")), roman(match.group("b") or "")
    if first is None or (match.group("b") and second is None):
        return None
    return first, second


def roman(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral (I..MMMCMXCIX), else None."""
    if not numeral or not _ROMAN.match(numeral):
        return None
    total = 0
    for letter, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_VALUES[letter]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


_SENTENCE_START = re.compile(r"[\s\u00a0]+[\"'«\u201c(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")


def after_period(text: str, word_end: int) -> tuple[int, str]:
    """Where an abbreviation's full stop ends, and "." if it also ends the sentence."""
    end = word_end + 1
    at_end = end >= len(text.rstrip()) or bool(_SENTENCE_START.match(text, end))
    return end, "." if at_end else ""


def capital(words: str, text: str, start: int) -> str:
    """`words` with a capital first letter if they begin a sentence at `start` of `text`."""
    return words[:1].upper() + words[1:] if starts_sentence(text, start) else words
