"""Widening a page's Content-Security-Policy just enough for the preview's own script."""

from __future__ import annotations

# The directives the preview needs 'self' in: its script, and the script's event stream.
NEEDED = ("script-src", "connect-src", "style-src")


def allow_self(policy: str) -> str:
    """`policy` with 'self' allowed for scripts, styles and connections (unchanged if it is)."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    default = directives.get("default-src")
    for name in NEEDED:
        sources = directives.get(name)
        if sources is None:
            if default is None or "'self'" in default:
                continue  # no directive and no default: allowed; or the default allows 'self'
            directives[name] = ["'self'"]
        elif "'self'" not in sources:
            directives[name] = [s for s in sources if s != "'none'"] + ["'self'"]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())
