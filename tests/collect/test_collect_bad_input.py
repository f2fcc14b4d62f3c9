"""Servers that lie, stall, refuse or send junk: one clear line naming the URL, the store untouched,
the round goes on with the other feeds.  A real HTTP server on 127.0.0.1, an injected clock."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from fixtures import article_page, article_text, news_sitemap, rss, sitemap_index
from local_server import LocalServer, Reply

import marsad.collect.fetch as fetch_module
from marsad.collect.clock import FakeClock
from marsad.collect.collector import Collector
from marsad.collect.fetch import Fetcher, FetchError, Policy
from marsad.collect.urls import check_public
from marsad.store import open_store

NOW = datetime(2024, 3, 15, 12, 0, tzinfo=UTC).timestamp()
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml; charset=utf-8"}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    opened = open_store(str(db_path))
    yield opened
    opened.close()


def good_feed(server: LocalServer, prefix: str = "/good", count: int = 2) -> str:
    items = []
    for n in range(count):
        server.route(
            f"{prefix}/{n}.html",
            Reply(
                body=article_page(f"خبر {prefix} {n}", article_text(n + len(prefix))).encode(), headers=HTML
            ),
        )
        items.append({"title": f"خبر {n}", "link": server.url(f"{prefix}/{n}.html")})
    return server.route(f"{prefix}/feed.xml", Reply(body=rss(items).encode(), headers=XML))


def round_with(
    store: object, clock: FakeClock | None = None, **policy: object
) -> tuple[object, list[str], Collector]:
    clock = clock or FakeClock(NOW)
    errors: list[str] = []
    options = {
        "allow_private": True,
        "host_interval": 0.5,
        "read_timeout": 1.0,
        "connect_timeout": 1.0,
        "deadline": 5.0,
        **policy,
    }
    run = Collector(store, Fetcher(Policy(**options), clock), clock, on_error=errors.append, seed=1)
    return run.run_round(), errors, run


def follow(store: object, *urls: str) -> None:
    for url in urls:
        store.add_source(url, "مصدر", "EG")


def feed_row(store: object, url: str) -> dict:
    return next(f for f in store.list_feeds() if f["url"] == url)


def the_line(errors: list[str], url: str, words: str) -> None:
    matching = [e for e in errors if e.startswith(url) and words in e]
    assert len(matching) >= 1 and all("\n" not in e for e in errors), errors


@pytest.mark.parametrize("status, words", [(404, "HTTP 404 (not found)"), (410, "HTTP 410 (gone)")])
def test_missing_feed_backs_off_and_the_round_goes_on(server, store, status, words) -> None:
    bad = server.route("/gone.xml", Reply(status, b"no"))
    good = good_feed(server)
    follow(store, bad, good)
    summary, errors, _ = round_with(store)
    the_line(errors, bad, words)
    assert summary.stored == 2 and store.count_articles() == 2
    row = feed_row(store, bad)
    assert row["error_streak"] == 1 and row["last_status"] == str(status) and row["next_check"] > NOW + 600
    assert len(server.requests_to("/gone.xml")) == 1  # not retried: 404 and 410 are answers


def test_failing_feed_backs_off_but_is_never_dropped(server, store) -> None:
    bad = server.route("/gone.xml", Reply(404, b"no"))
    follow(store, bad)
    clock = FakeClock(NOW)
    delays = []
    for _ in range(12):
        round_with(store, clock)
        row = feed_row(store, bad)
        delays.append(row["next_check"] - clock.now())
        clock.time = row["next_check"] + 1
    assert row["error_streak"] == 12
    assert delays[1] > delays[0] and max(delays) <= 24 * 3600 * 1.1  # longer each time, at most a day


def test_429_retry_after_is_honoured(server, store) -> None:
    feed = good_feed(server)
    ok = server.routes["/good/feed.xml"]
    server.route("/good/feed.xml", [Reply(429, b"", {"Retry-After": "30"}), ok])
    follow(store, feed)
    clock = FakeClock(NOW)
    summary, errors, _ = round_with(store, clock)
    assert summary.stored == 2 and errors == []
    assert 30 in clock.slept  # waited what the server asked before the second try


def test_429_long_retry_after_goes_to_the_schedule(server, store) -> None:
    feed = server.route("/busy.xml", Reply(429, b"", {"Retry-After": "7200"}))
    follow(store, feed)
    summary, errors, _ = round_with(store)
    the_line(errors, feed, "HTTP 429 (too many requests)")
    assert len(server.requests_to("/busy.xml")) == 1
    assert feed_row(store, feed)["next_check"] >= NOW + 7200 * 0.9


def test_429_without_retry_after_and_500s_are_retried_with_backoff(server, store) -> None:
    busy = server.route("/busy.xml", Reply(429, b""))
    broken = server.route("/broken.xml", Reply(500, b"oops"))
    follow(store, busy, broken)
    clock = FakeClock(NOW)
    summary, errors, _ = round_with(store, clock)
    the_line(errors, busy, "HTTP 429")
    the_line(errors, broken, "HTTP 500 (server error)")
    assert len(server.requests_to("/busy.xml")) == 3 and len(server.requests_to("/broken.xml")) == 3
    assert {2.0, 4.0} <= set(clock.slept)  # backoff doubles
    assert summary.failures == 2 and store.count_articles() == 0


def test_redirect_loop(server, store) -> None:
    first = server.route("/a.xml", Reply(302, b"", {"Location": "/b.xml"}))
    server.route("/b.xml", Reply(301, b"", {"Location": "/a.xml"}))
    good = good_feed(server)
    follow(store, first, good)
    summary, errors, _ = round_with(store)
    the_line(errors, first, "redirect loop")
    assert summary.stored == 2


def test_too_many_redirects(server, store) -> None:
    for n in range(10):
        server.route(f"/r{n}", Reply(302, b"", {"Location": f"/r{n + 1}"}))
    follow(store, server.url("/r0"))
    _, errors, _ = round_with(store)
    the_line(errors, server.url("/r0"), "more than 5 redirects")


def test_server_that_never_answers(server, store) -> None:
    stalled = server.route("/stall.xml", Reply(stall=5.0))
    good = good_feed(server)
    follow(store, stalled, good)
    summary, errors, _ = round_with(store, read_timeout=0.3, retries=0)
    the_line(errors, stalled, "timed out")
    assert summary.stored == 2


def test_fifty_megabyte_feed_is_refused(server, store) -> None:
    def fifty_megabytes() -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        for _ in range(50 * 16):
            yield b"<item><title>" + "خبر".encode() * 10_000 + b"</title></item>"

    huge = server.route("/huge.xml", Reply(body=fifty_megabytes, headers=XML))
    declared = server.route(
        "/declared.xml", Reply(body=fifty_megabytes, headers={**XML, "Content-Length": str(50 * 2**20)})
    )
    follow(store, huge, declared)
    _, errors, _ = round_with(store, max_bytes=2 * 2**20)
    the_line(errors, huge, "over the 2,097,152-byte limit")
    the_line(errors, declared, "over the 2,097,152-byte limit")


def test_gzip_bomb_stops_at_the_cap(server, store) -> None:
    bomb = gzip.compress(b"\0" * (200 * 2**20), 9)  # 200 MB of zeros in about 200 KB
    assert len(bomb) < 2**20
    url = server.route("/bomb.xml", Reply(body=bomb, headers={**XML, "Content-Encoding": "gzip"}))
    follow(store, url)
    _, errors, _ = round_with(store, max_bytes=2**20)
    the_line(errors, url, "limit (decompressed)")


def test_billion_laughs_is_refused_not_expanded(server, store) -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i > 1 else "&lol;"}' * 10 + '">'
            for i in range(1, 10)
        )
        + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "<link>http://127.0.0.1/x</link></item></channel></rss>"
    )
    url = server.route("/lol.xml", Reply(body=lol.encode(), headers=XML))
    good = good_feed(server)
    follow(store, url, good)
    summary, errors, _ = round_with(store)
    the_line(errors, url, "declares entities")
    assert summary.stored == 2 and summary.new_urls == 2


def test_feed_labelled_utf8_with_windows_1256_bytes(server, store) -> None:
    server.route("/p/1.html", Reply(body=article_page("خبر", article_text(1)).encode(), headers=HTML))
    body = rss(
        [
            {
                "title": "وزير الصحة يعلن حملة التلقيح",
                "link": server.url("/p/1.html"),
                "description": "ملخص الخبر",
            }
        ],
        encoding="windows-1256",
    )
    body = body.replace('encoding="windows-1256"', 'encoding="utf-8"')  # the document lies too
    url = server.route("/cp1256.xml", Reply(body=body.encode("cp1256"), headers=XML))  # header: UTF-8
    follow(store, url)
    summary, errors, _ = round_with(store)
    assert errors == [] and summary.stored == 1
    assert store.list_articles()[0].title == "وزير الصحة يعلن حملة التلقيح"


def test_item_without_link_is_skipped_with_a_line(server, store) -> None:
    server.route("/p/1.html", Reply(body=article_page("خبر", article_text(1)).encode(), headers=HTML))
    body = rss(
        [{"title": "خبر بلا رابط", "description": "نص"}, {"title": "خبر", "link": server.url("/p/1.html")}]
    )
    url = server.route("/nolink.xml", Reply(body=body.encode(), headers=XML))
    follow(store, url)
    summary, errors, _ = round_with(store)
    the_line(errors, url, "feed entry 1 (خبر بلا رابط) has no link; skipped")
    assert summary.stored == 1


def test_sitemap_index_pointing_at_itself(server, store) -> None:
    index = server.url("/sitemap.xml")
    news = server.url("/news-sitemap.xml")
    server.route(
        "/sitemap.xml",
        Reply(body=sitemap_index([index, news]).encode(), headers={"Content-Type": "application/xml"}),
    )
    server.route("/a/1.html", Reply(body=article_page("خبر", article_text(3)).encode(), headers=HTML))
    server.route(
        "/news-sitemap.xml",
        Reply(
            body=news_sitemap(
                [(server.url("/a/1.html"), "عنوان الخبر من الخريطة", "2024-03-15T08:00:00+00:00")]
            ).encode()
        ),
    )
    follow(store, index)
    summary, errors, _ = round_with(store)
    the_line(errors, index, "sitemap index lists itself")
    assert summary.stored == 1 and len(server.requests_to("/sitemap.xml")) == 1
    article = store.list_articles()[0]
    assert article.title == "عنوان الخبر من الخريطة"


def test_robots_disallow_and_crawl_delay(server, store) -> None:
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\nCrawl-delay: 7\n"))
    server.route("/private/1.html", Reply(body=article_page("سري", article_text(5)).encode(), headers=HTML))
    server.route("/open/1.html", Reply(body=article_page("علني", article_text(6)).encode(), headers=HTML))
    url = server.route(
        "/feed.xml",
        Reply(
            body=rss(
                [
                    {"title": "سري", "link": server.url("/private/1.html")},
                    {"title": "علني", "link": server.url("/open/1.html")},
                ]
            ).encode(),
            headers=XML,
        ),
    )
    follow(store, url)
    clock = FakeClock(NOW)
    summary, errors, _ = round_with(store, clock)
    the_line(errors, server.url("/private/1.html"), "robots.txt disallows")
    assert server.requests_to("/private/1.html") == [] and summary.stored == 1
    assert max(clock.slept) >= 7  # once robots.txt was read, its Crawl-delay spaced the requests


def test_page_that_is_not_an_article(server, store) -> None:
    server.route(
        "/menu.html", Reply(body="<html><body><nav>الرئيسية</nav></body></html>".encode(), headers=HTML)
    )
    good = good_feed(server)
    url = server.route(
        "/feed.xml",
        Reply(body=rss([{"title": "قائمة", "link": server.url("/menu.html")}]).encode(), headers=XML),
    )
    follow(store, url, good)
    summary, errors, _ = round_with(store)
    the_line(errors, server.url("/menu.html"), "no article text found")
    assert summary.stored == 2 and store.count_queue()["failed"] == 1


def test_redirect_to_a_private_address_is_refused(server, monkeypatch) -> None:
    """127.0.0.1 plays a public host here; ``localhost`` is checked after DNS like any name."""

    def public_loopback(url: str, allow_private: bool) -> None:
        check_public(url, allow_private or url.startswith("http://127.0.0.1"))

    monkeypatch.setattr(fetch_module, "check_public", public_loopback)
    port = server.httpd.server_address[1]
    start = server.route("/jump", Reply(302, b"", {"Location": f"http://localhost:{port}/inside"}))
    server.route("/inside", Reply(body=b"secret"))
    with pytest.raises(FetchError, match="not a public address"):
        Fetcher(Policy(allow_private=False), FakeClock(NOW)).get(start)
    assert server.requests_to("/inside") == []


def test_unconditional_fetch_now_and_then(server, store) -> None:
    url = server.route("/feed.xml", Reply(body=rss([]).encode(), headers=XML, etag='W/"7"'))
    follow(store, url)
    clock = FakeClock(NOW)
    sent = []
    for _ in range(25):
        round_with(store, clock)
        sent.append(server.requests_to("/feed.xml")[-1].headers.get("if-none-match"))
        clock.time = feed_row(store, url)["next_check"] + 1
    assert sent[0] is None and sent[1] == 'W/"7"'
    assert sent.count(None) >= 2  # one more unconditional poll after twenty conditional ones


def test_feed_dates_arabic_months_and_the_future(server, store) -> None:
    server.route(
        "/p/1.html",
        Reply(
            body=article_page("خبر", article_text(1), date="")
            .encode()
            .replace(b'<meta property="article:published_time" content="T09:00:00+00:00">', b""),
            headers=HTML,
        ),
    )
    server.route(
        "/p/2.html",
        Reply(
            body=article_page("خبر", article_text(2), date="")
            .encode()
            .replace(b'<meta property="article:published_time" content="T09:00:00+00:00">', b""),
            headers=HTML,
        ),
    )
    future = format_datetime(datetime(2031, 1, 1, tzinfo=UTC))
    url = server.route(
        "/feed.xml",
        Reply(
            body=rss(
                [
                    {"title": "أ", "link": server.url("/p/1.html"), "pubDate": "الخميس 14 مارس 2024"},
                    {"title": "ب", "link": server.url("/p/2.html"), "pubDate": future},
                ]
            ).encode(),
            headers=XML,
        ),
    )
    follow(store, url)
    summary, errors, _ = round_with(store)
    assert summary.stored == 2, errors
    published = {a.title: a.published for a in store.list_articles()}
    assert published["أ"].startswith("2024-03-14")
    assert published["ب"] is None or not published["ب"].startswith("2031")


def test_teaser_shorter_than_the_feed_summary(server, store) -> None:
    short = ["اقرأ المزيد عن حملة التلقيح الوطنية في المغرب بعد الاشتراك في الموقع اليوم الآن"]
    server.route("/p/1.html", Reply(body=article_page("خبر", short).encode(), headers=HTML))
    summary_text = " ".join(article_text(1))
    url = server.route(
        "/feed.xml",
        Reply(
            body=rss(
                [{"title": "خبر", "link": server.url("/p/1.html"), "description": summary_text}]
            ).encode(),
            headers=XML,
        ),
    )
    follow(store, url)
    summary, errors, _ = round_with(store)
    assert summary.stored == 1, errors
    assert store.list_articles()[0].teaser is True


def test_home_page_feeds_are_discovered_and_followed(server, store) -> None:
    feed = good_feed(server, "/akhbar")
    home = server.route(
        "/",
        Reply(
            body=(
                '<!DOCTYPE html><html lang="ar"><head><title>الصفحة الرئيسية</title>'
                '<link rel="alternate" type="application/rss+xml" title="آخر الأخبار" href="/akhbar/feed.xml">'
                "</head><body><p>مرحبا</p></body></html>"
            ).encode(),
            headers=HTML,
        ),
    )
    follow(store, home)
    summary, errors, _ = round_with(store)
    assert errors == [] and summary.stored == 2
    kinds = {f["url"]: f["kind"] for f in store.list_feeds()}
    assert kinds == {home: "home", feed: "feed"}
    again, _, _ = round_with(store, FakeClock(NOW + 3 * 86400))
    assert len(server.requests_to("/")) == 1  # a home page is read once


def test_home_page_without_feeds(server, store) -> None:
    home = server.route(
        "/", Reply(body="<!DOCTYPE html><html><body><p>لا شيء</p></body></html>".encode(), headers=HTML)
    )
    follow(store, home)
    _, errors, _ = round_with(store)
    the_line(errors, home, "no feed or sitemap found")


def test_host_limiter_spaces_requests_across_threads() -> None:
    """Eight threads ask for one host at the same instant: each gets its own slot, two seconds apart."""
    import threading

    from marsad.collect.fetch import HostLimiter

    class Frozen(FakeClock):
        def sleep(self, seconds: float) -> None:  # time stands still: every thread asks at NOW
            self.slept.append(seconds)

    clock = Frozen(NOW)
    limiter = HostLimiter(clock, 2.0)
    threads = [threading.Thread(target=limiter.wait, args=("example.org",)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(clock.slept) == [2.0 * n for n in range(8)]
    limiter.wait("other.example.org")
    assert clock.slept[-1] == 0  # another host does not wait


def test_bad_feeds_leave_what_is_stored_as_it_was(server, store) -> None:
    """Every bad case in one round after a good one: the stored articles come out byte for byte the same."""
    good = good_feed(server)
    follow(store, good)
    first, errors, _ = round_with(store)
    assert first.stored == 2 and errors == []
    before = [tuple(row) for row in store.query("SELECT id, content_hash, data FROM articles ORDER BY id")]
    bad = [
        server.route("/b/404.xml", Reply(404, b"")),
        server.route("/b/500.xml", Reply(500, b"")),
        server.route("/b/loop.xml", Reply(302, b"", {"Location": "/b/loop.xml"})),
        server.route("/b/junk.xml", Reply(body=bytes(range(256)) * 64, headers=XML)),
        server.route("/b/empty.xml", Reply(body=b"", headers=XML)),
        server.route("/b/lol.xml", Reply(body=b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>')),
        server.route("/b/bomb.xml", Reply(body=gzip.compress(b"\0" * (8 * 2**20)), headers={"Content-Encoding": "gzip"})),
    ]
    follow(store, *bad)
    summary, errors, _ = round_with(store, FakeClock(NOW + 3 * 86400), max_bytes=2**20)
    assert summary.failures == len(bad) and len(errors) == len(bad)
    for url in bad:
        assert sum(1 for e in errors if e.startswith(url)) == 1, (url, errors)
    after = [tuple(row) for row in store.query("SELECT id, content_hash, data FROM articles ORDER BY id")]
    assert after == before
