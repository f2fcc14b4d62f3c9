"""The HTTP client and the policy Marsad fetches by (httpx underneath).

What a site sees: a ``User-Agent`` naming Marsad, ``Accept-Encoding: gzip, deflate``, the
validators it gave last time (``If-None-Match``/``If-Modified-Since``), at most one request per
host per interval (longer when its robots.txt asks with ``Crawl-delay``), nothing robots.txt
disallows, and few retries, spaced out and after what ``Retry-After`` asks.

What Marsad refuses: addresses that are not public (checked after DNS resolution and after every
redirect), more than ``max_redirects`` redirects, a body over ``max_bytes`` once decompressed
(counted while streaming, so a gzip bomb stops at the cap), a response that takes longer than
``deadline`` seconds in all (a server that accepts and never answers, or trickles).
"""

from __future__ import annotations

import os
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from protego import Protego

from marsad import __version__ as _version
from marsad.collect.clock import Clock, SystemClock
from marsad.collect.urls import absolute, check_public, check_url
from marsad.errors import InputError


def user_agent() -> str:
    """``Marsad/VERSION (news observatory; +CONTACT)``: CONTACT from ``MARSAD_CONTACT`` (a URL or e-mail)."""
    contact = os.environ.get("MARSAD_CONTACT", "").strip()
    return f"Marsad/{_version} (Arabic news observatory{'; +' + contact if contact else ''})"


ROBOTS_AGENT = "Marsad"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Policy:
    """Every limit of the fetcher (docs/collect.md lists them)."""

    user_agent: str = field(default_factory=user_agent)
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two chunks
    deadline: float = 60.0  # one response, first byte to last
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024  # a feed or page larger than 10 MB once decompressed is refused
    retries: int = 2  # after the first try, on 408/429/5xx and connection errors
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_retry_wait: float = 60.0  # a longer Retry-After is honoured by the schedule, not by waiting
    host_interval: float = 2.0  # seconds between two requests to one host
    max_crawl_delay: float = 60.0  # a longer robots.txt Crawl-delay is read as this
    robots_ttl: float = 24 * 3600.0
    allow_private: bool = False


class FetchError(InputError):
    """A URL that could not be fetched: one line naming it and the problem."""

    def __init__(
        self,
        url: str,
        problem: str,
        status: int | None = None,
        retry_after: float | None = None,
        transient: bool = False,
    ) -> None:
        super().__init__(url, problem)
        self.url, self.status, self.retry_after = url, status, retry_after
        # worth another try: 408, 429, 5xx, a timeout or a dropped connection
        self.transient = transient or status in RETRY_STATUSES


@dataclass(slots=True)
class Response:
    url: str  # as asked
    final_url: str  # after redirects
    status: int  # 200 or 304 (anything else is a FetchError)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class HostLimiter:
    """At most one request per host per interval, counted from the end of the previous response.

    ``wait`` reserves the next slot (so threads sharing a host each get their own) and ``done``
    pushes the host's next slot to an interval after the response ended: a request that took long,
    or a thread that was slow to send after its slot, never brings the next one closer than the
    interval to it, as the server sees them.
    """

    def __init__(self, clock: Clock, interval: float) -> None:
        self.clock, self.interval = clock, interval
        self.next_free: dict[str, float] = {}
        self.gaps: dict[str, float] = {}
        self.lock = threading.Lock()

    def wait(self, host: str, interval: float | None = None) -> None:
        gap = self.interval if interval is None else max(self.interval, interval)
        with self.lock:
            now = self.clock.now()
            start = max(now, self.next_free.get(host, now))
            self.next_free[host] = start + gap
            self.gaps[host] = gap
        self.clock.sleep(start - now)

    def done(self, host: str) -> None:
        with self.lock:
            free = self.clock.now() + self.gaps.get(host, self.interval)
            self.next_free[host] = max(self.next_free.get(host, free), free)


class Fetcher:
    """GET with Marsad's policy; one instance per collection run (it keeps robots.txt and host timing)."""

    def __init__(
        self,
        policy: Policy | None = None,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.clock = clock or SystemClock()
        self.hosts = HostLimiter(self.clock, self.policy.host_interval)
        self.robots: dict[str, tuple[float, Protego | None]] = {}
        self.robots_lock = threading.Lock()
        self.requests = 0
        timeout = httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout)
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            trust_env=False,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self.client.close()

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> Response:
        """The body at ``url`` (or a 304); FetchError with one clear line otherwise."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._follow(url, headers, max_bytes or self.policy.max_bytes, robots=True)
            except FetchError as error:
                if not error.transient or attempt >= self.policy.retries:
                    raise
                wait = (
                    error.retry_after if error.retry_after is not None else self.policy.backoff * 2**attempt
                )
                if wait > self.policy.max_retry_wait:
                    raise
                self.clock.sleep(wait)
                attempt += 1

    def _follow(self, url: str, headers: dict[str, str], max_bytes: int, robots: bool) -> Response:
        asked, seen = url, {url}
        for _ in range(self.policy.max_redirects + 1):
            try:
                check_url(url)
                check_public(url, self.policy.allow_private)  # again after every redirect
            except InputError as error:
                raise FetchError(url, error.problem) from error
            host = urlsplit(url).netloc.lower()
            delay = None
            if robots:
                rules = self._robots(url)
                if rules is not None and not rules.can_fetch(url, ROBOTS_AGENT):
                    raise FetchError(url, "robots.txt disallows this URL; not fetched")
                delay = rules.crawl_delay(ROBOTS_AGENT) if rules is not None else None
                delay = min(float(delay), self.policy.max_crawl_delay) if delay else None
            self.hosts.wait(host, delay)
            try:
                status, response_headers, body = self._request(url, headers, max_bytes)
            finally:
                self.hosts.done(host)
            if status in REDIRECT_STATUSES:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location", status)
                target = absolute(url, location)
                if target in seen:
                    raise FetchError(asked, f"redirect loop ({url} -> {target})", status)
                seen.add(target)
                url = target
                continue
            if status in (200, 304):
                return Response(asked, url, status, response_headers, body)
            raise FetchError(url, _status_problem(status), status, _retry_after(response_headers, self.clock))
        raise FetchError(asked, f"more than {self.policy.max_redirects} redirects")

    def _request(
        self, url: str, headers: dict[str, str], max_bytes: int
    ) -> tuple[int, dict[str, str], bytes]:
        self.requests += 1
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code != 200:
                    return response.status_code, response_headers, b""
                declared = response.headers.get("content-length", "")
                if (
                    declared.isdigit()
                    and int(declared) > max_bytes
                    and "content-encoding" not in response.headers
                ):
                    raise FetchError(
                        url, f"body of {int(declared):,} bytes is over the {max_bytes:,}-byte limit; not read"
                    )
                body = _read_capped(url, response, max_bytes, started + self.policy.deadline)
                return 200, response_headers, body
        except httpx.TimeoutException as error:
            raise FetchError(url, f"timed out ({type(error).__name__})", transient=True) from error
        except httpx.TransportError as error:
            raise FetchError(
                url, f"connection failed ({type(error).__name__}: {error})", transient=True
            ) from error

    def _robots(self, url: str) -> Protego | None:
        """The host's robots.txt rules (None: no file, everything allowed); fetched once per TTL."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self.robots_lock:
            cached = self.robots.get(root)
        if cached and cached[0] > self.clock.now():
            return cached[1]
        robots_url = root + "/robots.txt"
        try:
            response = self._follow(robots_url, {}, 512 * 1024, robots=False)
            rules: Protego | None = Protego.parse(response.body.decode("utf-8", "replace"))
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                rules = None  # no robots.txt: everything allowed (RFC 9309)
            else:  # unreachable robots.txt: assume complete disallow for now (RFC 9309)
                raise FetchError(
                    url,
                    f"robots.txt unreachable ({error.problem}); not fetched",
                    error.status,
                    error.retry_after,
                    error.transient,
                ) from error
        with self.robots_lock:
            self.robots[root] = (self.clock.now() + self.policy.robots_ttl, rules)
        return rules

    def sitemaps_of(self, url: str) -> list[str]:
        """Sitemaps the host's robots.txt names."""
        try:
            rules = self._robots(url)
        except FetchError:
            return []
        return list(rules.sitemaps) if rules is not None else []


def _read_capped(url: str, response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """The decompressed body, refused as soon as it passes ``max_bytes`` or the deadline."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj(wbits=zlib.MAX_WBITS)
    elif encoding in ("identity", ""):
        decoder = None
    else:
        raise FetchError(url, f"unsupported Content-Encoding {encoding!r}")
    body = bytearray()
    too_big = FetchError(url, f"body over the {max_bytes:,}-byte limit (decompressed); not read")
    try:
        for chunk in response.iter_raw(64 * 1024):
            if decoder is None:
                body += chunk
            else:
                data = chunk
                while data:
                    body += decoder.decompress(data, max_bytes + 1 - len(body))
                    if len(body) > max_bytes:
                        raise too_big
                    data = decoder.unconsumed_tail
            if len(body) > max_bytes:
                raise too_big
            if time.monotonic() > deadline:
                raise FetchError(url, "response took longer than the deadline; not read", transient=True)
    except zlib.error as error:
        raise FetchError(url, f"corrupt {encoding} body ({error})") from error
    return bytes(body)


def _status_problem(status: int) -> str:
    words = {
        404: "not found",
        410: "gone",
        403: "forbidden",
        401: "needs authorisation",
        429: "too many requests",
        500: "server error",
        502: "bad gateway",
        503: "unavailable",
        504: "gateway timeout",
        408: "request timeout",
    }
    return f"HTTP {status} ({words.get(status, 'unexpected status')})"


def _retry_after(headers: dict[str, str], clock: Clock) -> float | None:
    """Retry-After as seconds from now (a number of seconds or an HTTP date)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - clock.now())
    except (TypeError, ValueError, IndexError):
        return None
