"""server package of audioguide: an HTTP layer over a built SITE folder (never builds)."""

from server.app import create_app
from server.runner import run

__all__ = ["create_app", "run"]
