"""Numbers and durations written the way the page's locale writes them (CLDR via Babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol
from babel.units import format_unit


def number(value: int, locale: Locale) -> str:
    return format_decimal(value, locale=locale)


def minutes(seconds: float, locale: Locale) -> str:
    """A tour's length to the minute: "1 hr 5 min", "1 ч 5 мин", "1 時間 5 分"."""
    total = max(1, round(seconds / 60)) if seconds > 0 else 0
    hours, mins = divmod(total, 60)
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", length="short", locale=locale))
    if mins or not hours:
        parts.append(format_unit(mins, "duration-minute", length="short", locale=locale))
    return " ".join(parts)  # Babel's unit list patterns are broken for some locales (ar, es)


def clock(seconds: float) -> str:
    """A recording's length or position as on a player: 1:05, 1:02:03 (the same everywhere)."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


@cache
def browser_formats(locale: Locale) -> dict[str, str]:
    """What app.js needs to write sizes and percentages like CLDR: symbols and patterns."""
    sample = 7  # a digit no unit or percent pattern contains
    size = format_unit(sample, "digital-megabyte", length="short", locale=locale)
    size = size.replace("MБ", "МБ")  # CLDR's kk data has a Latin M before the Cyrillic Б
    percent = format_percent(sample / 100, locale=locale)
    return {
        "decimal": get_decimal_symbol(locale),
        "group": get_group_symbol(locale),
        "megabytes": size.replace(str(sample), "{0}", 1),
        "percent": percent.replace(str(sample), "{0}", 1),
    }
