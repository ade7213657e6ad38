"""Choosing the visitor's language: a saved choice (cookie `ag_lang`), else Accept-Language."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

LANGUAGE_COOKIE = "ag_lang"


def cookie_value(cookie_header: str, name: str = LANGUAGE_COOKIE) -> str | None:
    for part in cookie_header.split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip() == name:
            return value.strip().strip('"')
    return None


@lru_cache(maxsize=512)
def _preferences(accept_language: str) -> tuple[str, ...]:
    """Language tags in order of preference (highest q first, header order among equals)."""
    weighted: list[tuple[float, int, str]] = []
    for index, item in enumerate(accept_language.split(",")[:32]):
        tag, _, params = item.strip().partition(";")
        tag = tag.strip().lower()
        if not tag:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, sep, value = param.strip().partition("=")
            if sep and key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, index, tag))
    return tuple(tag for _, _, tag in sorted(weighted))


def best_match(accept_language: str, available: Collection[str]) -> str | None:
    """The first preferred language the site has, matching `ru-RU` to `ru` and `ru` to `ru-RU`."""
    by_lower = {lang.lower(): lang for lang in available}
    by_primary: dict[str, str] = {}
    for lang in available:
        by_primary.setdefault(lang.lower().split("-")[0], lang)
    for tag in _preferences(accept_language[:1000]):
        if tag in by_lower:
            return by_lower[tag]
        primary = tag.split("-")[0]
        if primary in by_primary and primary != "*":
            return by_primary[primary]
    return None


def choose_language(
    cookie_header: str, accept_language: str, available: Collection[str], default: str | None
) -> str | None:
    saved = cookie_value(cookie_header) if cookie_header else None
    if saved is not None:
        for lang in available:
            if lang.lower() == saved.lower():
                return lang
    if accept_language:
        match = best_match(accept_language, available)
        if match is not None:
            return match
    return default
