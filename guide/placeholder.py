"""Addresses that lead nowhere: the reserved example domains and localhost.

RFC 2606 and RFC 6761 reserve example.com/.net/.org, the .example, .test, .invalid and
.localhost top-level names, and localhost itself. `audioguide new` writes guide.example.org.
A QR code printed with one of them can never be scanned into the tour.
"""

from __future__ import annotations

from urllib.parse import urlsplit

EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")


def is_placeholder(url: str) -> bool:
    """True when `url`'s host is a reserved example name or localhost."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if not host:
        return False
    labels = host.split(".")
    if labels[-1] in RESERVED_TLDS:
        return True
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)
