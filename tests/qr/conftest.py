"""The qr tests' helper modules (placard_reading, placard_samples) sit beside them.

pytest runs with --import-mode=importlib, which leaves sys.path alone, so this folder is
put on it once here for the test modules to import their helpers.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
