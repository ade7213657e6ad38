"""The floor of uvicorn's own cost: a raw ASGI app answering every request with one fixed body.

    python bench/serve_ceiling.py FILE PORT [RANGE]

It does no lookup, no headers logic, no file work; `bench/serve.py` runs it beside nginx and
`audioguide serve` to show how much of the gap to nginx is uvicorn itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import uvicorn


def make_app(body: bytes, status: int) -> Any:
    headers = [
        (b"content-type", b"application/octet-stream"),
        (b"content-length", str(len(body)).encode()),
    ]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


if __name__ == "__main__":
    data = Path(sys.argv[1]).read_bytes()
    partial = len(sys.argv) > 3
    uvicorn.run(
        make_app(data[:2] if partial else data, 206 if partial else 200),
        host="127.0.0.1",
        port=int(sys.argv[2]),
        http="httptools",
        loop="uvloop",
        access_log=False,
        log_level="warning",
    )
