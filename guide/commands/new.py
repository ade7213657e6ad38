"""`audioguide new`: a valid, commented two-stop tour to start from."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

from guide.errors import AudioguideError


def new(folder: Path) -> int:
    if folder.exists():
        raise AudioguideError(f"{folder}: already exists: choose a new folder name")
    with as_file(files("guide") / "scaffold") as scaffold:
        try:
            shutil.copytree(scaffold, folder, ignore=shutil.ignore_patterns("__pycache__"))
        except OSError as exc:
            raise AudioguideError(f"{folder}: cannot create: {exc.strerror}") from exc
    print(f"Created {folder}. Next: edit {folder / 'tour.toml'}, then")
    print(f"  audioguide check {folder}")
    print(f"  audioguide serve {folder}")
    return 0
