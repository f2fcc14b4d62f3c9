"""One key per article URL, and which addresses Marsad may fetch at all."""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

from marsad.errors import InputError


def url_key(url: str) -> str:
    """The URL without tracking parameters, fragment, default port or host case.

    courlan's non-strict cleaning drops ``utm_*``, ``fbclid`` and the like but keeps every other
    parameter: ``?ArticleID=77`` names the article (its strict mode would drop it).

    >>> url_key("HTTPS://Example.com:443/news/?ArticleID=77&utm_source=x#top")
    'https://example.com/news/?ArticleID=77'
    """
    try:
        cleaned = normalize_url(url.strip(), strict=False)
    except (ValueError, TypeError):
        cleaned = url.strip()
    parts = urlsplit(cleaned)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def article_url_key(url: str | None) -> str | None:
    """The key that makes two records one article (one page filed under two sections, a link with
    tracking parameters), or None when the URL cannot name one article: missing, not http(s), or
    a site's front page (an input that gives every record its outlet's home page).

    >>> article_url_key("https://www.example.com/2018/05/09/a?utm_medium=rss")
    'https://www.example.com/2018/05/09/a'
    >>> article_url_key("https://www.example.com/") is None
    True
    """
    if not url or not url.strip().lower().startswith(("http://", "https://")):
        return None
    key = url_key(url)
    parts = urlsplit(key)
    if not parts.netloc or (parts.path in ("", "/") and not parts.query):
        return None
    return key


def absolute(base: str, link: str) -> str:
    return urljoin(base, link.strip())


def check_url(url: str) -> str:
    """The URL itself, if it is an http(s) URL with a host; else an InputError naming it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url, "not an http(s) URL")
    return url


def private_allowed(flag: bool = False) -> bool:
    """``--allow-private`` or ``MARSAD_ALLOW_PRIVATE=1``."""
    return flag or os.environ.get("MARSAD_ALLOW_PRIVATE", "") == "1"


def check_public(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host resolves to an address that is not public.

    Loopback, private ranges, link-local (169.254.169.254, the cloud metadata address),
    multicast and reserved addresses are refused unless ``allow_private``; every address the
    name resolves to is checked (after DNS, and again after every redirect by the fetcher).
    """
    host = urlsplit(url).hostname
    if not host:
        raise InputError(url, "no host in the URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise InputError(url, f"cannot resolve {host} ({error})") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise InputError(
                url, f"{host} resolves to {address}, not a public address (allow with --allow-private)"
            )
