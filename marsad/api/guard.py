"""What every request passes before a route sees it: the body-size limit (docs/limits.md).

A plain ASGI middleware, so that an oversized body is refused while it arrives (by its
Content-Length, or by counting a chunked body) instead of after it was read into memory.
"""

from __future__ import annotations

import json
from typing import Any

from marsad import config

Scope = dict[str, Any]


class BodyLimit:
    """Answer 413 to a request whose body is larger than ``config.MAX_REQUEST_BYTES``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = config.MAX_REQUEST_BYTES
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        received = 0
        refused = False

        async def counted() -> dict[str, Any]:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    raise _BodyTooLarge
            return message

        started = False

        async def guarded_send(message: dict[str, Any]) -> None:
            # Once the body ran past the limit, whatever the app answers (FastAPI turns the
            # interrupted read into a 400) is replaced by the 413.
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not refused:
                raise
        if refused and not started:
            await _too_large(send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Any, limit: int) -> None:
    body = json.dumps(
        {"error": f"request body larger than {limit:,} bytes (MARSAD_MAX_REQUEST_BYTES)"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
