"""Pages served at any URL (404, offline) link from the site root the build knew.

The build renders `offline.html` and `404*.html` with root-absolute links and records that root
in `data-root="/..."` (guide/render.py). Served under another root (a proxy's `root_path`),
every `="<build root>` becomes `="<this root>`: links resolve at any depth, with no `<base>`
(which the CSP's `base-uri 'none'` forbids). The service worker does the same offline (sw.js).
"""

from __future__ import annotations

import re

_ROOT = re.compile(rb'data-root="([^"]*)"')


def rebase(body: bytes, root: str) -> bytes:
    found = _ROOT.search(body)
    if found is None or found.group(1) == root.encode():
        return body
    return body.replace(b'="' + found.group(1), b'="' + root.encode())
