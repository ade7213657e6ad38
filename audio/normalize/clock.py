"""Times of day ("10:00", "18:30"), read before the other numbers, per language.

Russian and Kazakh read the hour and then the minutes, with "ноль-ноль" / "нөл-нөл" for a
whole hour, as timetables are read aloud ("с 10:00 до 18:00" -> "с десяти ноль-ноль до
восемнадцати ноль-ноль": the hour takes the preposition's case). English says "ten o'clock"
up to 12:00, "eighteen hundred" after, and "ten oh five", "ten thirty".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from audio.normalize import kk_words, ru_words
from audio.normalize.scan import capital, previous_word

_TIME = re.compile(
    r"(?<![\w.,:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?:-(?P<ending>[а-яёәғқңөұүһі]+))?(?![\w:])"
)


def times(text: str, lang: str) -> str:
    say = _SAY[lang]

    def spoken(match: re.Match[str]) -> str:
        hour, minute = int(match.group("h")), int(match.group("m"))
        words = say(hour, minute, previous_word(text, match.start()))
        return capital(words + (match.group("ending") or ""), text, match.start())

    return _TIME.sub(spoken, text)


def _ru(hour: int, minute: int, prep: str) -> str:
    cases = ru_words.PREPOSITIONS.get(prep, ("n",))
    case: ru_words.Case = "a" if prep in ("в", "во", "на") else cases[0]
    hours = ru_words.cardinal(hour, case)
    if minute == 0:
        return f"{hours} ноль-ноль"
    minutes = ru_words.cardinal(minute, "n", "f")
    return f"{hours} ноль {minutes}" if minute < 10 else f"{hours} {minutes}"


def _kk(hour: int, minute: int, _prep: str) -> str:
    hours = kk_words.cardinal(hour)
    if minute == 0:
        return f"{hours} нөл-нөл"
    minutes = kk_words.cardinal(minute)
    return f"{hours} нөл {minutes}" if minute < 10 else f"{hours} {minutes}"


def _en(hour: int, minute: int, _prep: str) -> str:
    from num2words import num2words

    hours = str(num2words(hour))
    if minute == 0:
        return f"{hours} o'clock" if hour <= 12 else f"{hours} hundred"
    minutes = str(num2words(minute))
    return f"{hours} oh {minutes}" if minute < 10 else f"{hours} {minutes}"


_SAY: dict[str, Callable[[int, int, str], str]] = {"ru": _ru, "kk": _kk, "en": _en}
