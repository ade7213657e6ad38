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
        return cls.parse(path, path.read_bytes())

    @classmethod
    def parse(cls, path: Path, data: bytes) -> TomlFile:
        """`data` read from `path`; a UTF-8 byte order mark (Windows Notepad's) is accepted."""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad = data[: exc.start].count(b"\n") + 1
            raise TomlSyntaxError(f"not UTF-8 text: save it as UTF-8 ({exc.reason})", bad) from exc
        try:
            return cls(path, text, tomllib.loads(text))
        except RecursionError:
            raise TomlSyntaxError("TOML syntax: brackets nested too deeply", None) from None
        except tomllib.TOMLDecodeError as exc:
            found = _AT_LINE.search(str(exc))
            message = _AT_LINE.sub("", str(exc)).replace("(at end of document)", "").strip()
            line: int | None = int(found.group(1)) if found else None
            if message.startswith("Unclosed"):
                opened = unclosed_bracket_line(text)
                if opened is not None:
                    line = opened
                    message += f": the bracket opened on line {opened} is never closed"
            raise TomlSyntaxError(f"TOML syntax: {message}", line) from exc

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


def unclosed_bracket_line(text: str) -> int | None:
    """The line of the last `[` or `{` never closed, outside strings and comments."""
    stack: list[int] = []
    line, index, quote = 1, 0, ""
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        if quote:
            if text.startswith(quote, index) and (quote == "'" or text[index - 1] != "\\"):
                index += len(quote)
                quote = ""
                continue
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            continue
        elif char in "[{":
            stack.append(line)
        elif char in "]}" and stack:
            stack.pop()
        index += 1
    return stack[-1] if stack else None
