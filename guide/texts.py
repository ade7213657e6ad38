"""Tables of one text per tour language, as tour.toml (`[title]`) and stop.toml (`[alt]`) hold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guide.errors import Severity
from guide.findings import Collector
from guide.suggest import did_you_mean
from guide.tomlfile import TomlFile


def per_language(
    toml: TomlFile,
    key: str,
    languages: tuple[str, ...],
    found: Collector,
    *,
    required: bool,
    table: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """A `[key]` table of one text per language."""
    value = toml.data.get(key) if table is None else table.get(key)
    if value is None:
        if required:
            found.error(toml.path, None, f"'[{key}]' is missing: give one text per language")
        return {}
    if not isinstance(value, dict):
        found.error(
            toml.path,
            toml.line_of(key),
            f"'{key}' must be a table of texts per language, like {key}.en = \"...\"",
        )
        return {}
    texts: dict[str, str] = {}
    for lang, text in value.items():
        line = toml.line_of(key, lang)
        if lang not in languages:
            found.error(
                toml.path,
                line,
                f"'{key}.{lang}': language '{lang}' is not in tour.toml's languages"
                + did_you_mean(lang, languages),
            )
        elif not isinstance(text, str) or not text.strip():
            found.error(toml.path, line, f"'{key}.{lang}' must be a non-empty text")
        else:
            texts[lang] = text.strip()
    if required:
        for lang in languages:
            if lang not in value:
                severity: Severity = "error" if lang == languages[0] else "warning"
                found.add(
                    severity, toml.path, toml.line_of(key), f"'{key}' has no text for '{lang}'"
                )
    return texts
