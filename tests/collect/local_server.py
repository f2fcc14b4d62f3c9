"""A real HTTP server on 127.0.0.1 for the collection tests: routes of canned responses, every request logged."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes | Callable[[], Iterator[bytes]] = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answer 304 when If-None-Match is exactly this
    stall: float = 0.0  # seconds to hold the connection before answering anything


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class LocalServer:
    """``server.route("/feed.xml", Reply(body=...))``; ``server.url("/feed.xml")``; ``server.hits``."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | list[Reply]] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with owner.lock:
                    owner.hits.append(
                        Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                    )
                    reply = owner._reply(self.path)
                if reply.stall:
                    time.sleep(reply.stall)
                    return
                if reply.etag and self.headers.get("If-None-Match") == reply.etag:
                    self.send_response(304)
                    self.send_header("ETag", reply.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(reply.status)
                headers = dict(reply.headers)
                if reply.etag:
                    headers["ETag"] = reply.etag
                streamed = callable(reply.body)
                if not streamed:
                    headers.setdefault("Content-Length", str(len(reply.body)))
                else:
                    headers["Connection"] = "close"
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    if streamed:
                        for chunk in reply.body():
                            self.wfile.write(chunk)
                        self.close_connection = True
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _reply(self, path: str) -> Reply:
        reply = self.routes.get(path) or self.routes.get(
            path.split("?")[0]
        )  # parameters it does not know: ignored
        if reply is None:
            return Reply(404, b"not found")
        if isinstance(reply, list):  # a sequence of answers, the last repeated
            return reply.pop(0) if len(reply) > 1 else reply[0]
        return reply

    def route(self, path: str, reply: Reply | list[Reply]) -> str:
        self.routes[path] = reply
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def requests_to(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path or h.path.split("?")[0] == path]

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
