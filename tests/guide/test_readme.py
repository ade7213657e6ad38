"""The README shows the real `--help` of every command (regenerate on purpose, never by hand)."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

from guide.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"(<!-- cli-help:[^>]*-->\n)(.*?)(<!-- /cli-help -->)", re.S)
COMMANDS = ["", "new", "check", "build", "serve", "publish", "placards", "status", "voices", "say"]


def help_text(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "88")
    parts = []
    for command in COMMANDS:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            main([*command.split(), "--help"])
        title = f"audioguide {command}".strip()
        parts.append(f"`{title} --help`\n\n```\n{out.getvalue().rstrip()}\n```\n")
    return "\n".join(parts)


def test_readme_shows_current_help(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = help_text(monkeypatch)
    text = README.read_text(encoding="utf-8")
    match = BLOCK.search(text)
    assert match, "README lost its cli-help block"
    if os.environ.get("AUDIOGUIDE_UPDATE_README"):
        README.write_text(BLOCK.sub(lambda m: m[1] + expected + m[3], text), encoding="utf-8")
        return
    assert match[2] == expected, "README's --help is stale: see the comment above the block"
