"""Reading a TOML file so that problems can name the line they are on."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TABLE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")


class TomlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class TomlFile:
    path: Path
    text: str
    data: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> TomlFile:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise TomlSyntaxError(f"not UTF-8 text ({exc.reason})", None) from exc
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = _AT_LINE.search(str(exc))
            message = _AT_LINE.sub("", str(exc)).strip()
            raise TomlSyntaxError(
                f"TOML syntax: {message}", int(found.group(1)) if found else None
            ) from exc
        return cls(path, text, data)

    def line_of(self, *keys: str) -> int | None:
        """The line that sets a key: `line_of("title", "en")` finds `en =` under `[title]`
        (or `title.en =`); `line_of("title")` finds `[title]` or `title =`."""
        table: tuple[str, ...] = ()
        fallback: int | None = None
        for number, raw in enumerate(self.text.splitlines(), start=1):
            line = raw.split("#", 1)[0] if '"' not in raw and "'" not in raw else raw
            header = _TABLE.match(line)
            if header:
                table = tuple(part.strip().strip("\"'") for part in header.group(1).split("."))
                if table == keys:
                    return number
                continue
            if "=" not in line:
                continue
            key = tuple(
                part.strip().strip("\"'") for part in line.split("=", 1)[0].strip().split(".")
            )
            full = table + key
            if full == keys or full[: len(keys)] == keys:
                return number
            if fallback is None and key and key[-1] == keys[-1]:
                fallback = number
        return fallback
