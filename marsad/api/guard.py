"""What every request passes before a route sees it (docs/limits.md, "A server on a network").

- ``BodyLimit``: a body larger than ``config.MAX_REQUEST_BYTES`` is refused (413) while it
  arrives, by its Content-Length or by counting a chunked body, not after it was read.
- ``Guard``: the Host allow-list (400), who may write (a token, else loopback clients only:
  401 / 403), and the security headers of every answer.

Plain ASGI middlewares, so that they hold for the API, the pages and the static files alike.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from typing import Any

from marsad import config

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The pages load their own script and style sheet only; inline style attributes (the bars of the
# keyword chart) need 'unsafe-inline' for styles.  No page may be framed (clickjacking).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]
# FastAPI's interactive API pages run inline scripts: they get every header but the CSP.
_NO_CSP = ("/docs", "/redoc")


class Guard:
    """Host allow-list, write permission and security headers around the app.

    ``allowed_hosts``: Host header values accepted (``None``: any).  ``token``: when set, every
    write must carry ``Authorization: Bearer <token>``; when not, writes are accepted only from
    loopback clients (a request that did not come over IP, such as an in-process call, counts as
    local).
    """

    def __init__(self, app: Any, allowed_hosts: list[str] | None, token: str | None) -> None:
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts is not None else None
        self.token = token or None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        path = scope.get("path", "")

        async def secured(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    h
                    for h in SECURITY_HEADERS
                    if not (h[0] == b"content-security-policy" and path.startswith(_NO_CSP))
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        refusal = self._refusal(scope, headers)
        if refusal:
            status, message, extra = refusal
            await _answer(secured, status, message, extra)
            return
        await self.app(scope, receive, secured)

    def _refusal(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[int, str, list] | None:
        if self.allowed_hosts is not None:
            host = _host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.allowed_hosts:
                return 400, f"host {host!r} is not served here (MARSAD_ALLOWED_HOSTS)", []
        if scope.get("method") not in WRITE_METHODS:
            return None
        if self.token:
            given = headers.get(b"authorization", b"").decode("latin-1")
            if not hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
                return (
                    401,
                    "writing needs the API token: Authorization: Bearer <MARSAD_API_TOKEN>",
                    [(b"www-authenticate", b'Bearer realm="marsad"')],
                )
            return None
        if not _local(scope.get("client")):
            return (
                403,
                (
                    "writes are accepted from this machine only; set MARSAD_API_TOKEN on the server"
                    " to accept them from others with the token"
                ),
                [],
            )
        return None


def _host_name(host: str) -> str:
    """The Host header without its port: ``example.org:8000`` -> ``example.org``, ``[::1]:80`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _local(client: tuple[str, int] | list | None) -> bool:
    if not client:
        return True
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return True  # not an IP peer: a Unix socket or an in-process call


async def _answer(send: Any, status: int, message: str, extra: list) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


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
