"""Collection against a real HTTP server on 127.0.0.1: each round fills the store exactly once."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from fixtures import article_page, article_text, rss
from local_server import LocalServer, Reply

from marsad.collect.clock import FakeClock
from marsad.collect.collector import Collector
from marsad.collect.fetch import Fetcher, Policy
from marsad.store import open_store

NOW = datetime(2024, 3, 15, 12, 0, tzinfo=UTC).timestamp()


def page_reply(number: int, title: str, canonical: str | None = None) -> Reply:
    return Reply(
        body=article_page(title, article_text(number), canonical).encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )


def feed_reply(server: LocalServer, numbers: list[int], etag: str = '"v1"') -> Reply:
    items = [
        {
            "title": f"خبر رقم {n}",
            "link": server.url(f"/news/{n}.html?utm_source=rss"),
            "description": "ملخص قصير",
            "pubDate": format_datetime(datetime(2024, 3, 14, 8, n, tzinfo=UTC)),
        }
        for n in numbers
    ]
    return Reply(
        body=rss(items).encode("utf-8"),
        etag=etag,
        headers={"Content-Type": "application/rss+xml; charset=utf-8"},
    )


def collector(store: object, clock: FakeClock, **policy: object) -> tuple[Collector, list[str]]:
    errors: list[str] = []
    fetcher = Fetcher(Policy(allow_private=True, host_interval=1.0, **policy), clock)
    return Collector(store, fetcher, clock, on_error=errors.append, seed=1), errors


@pytest.fixture
def server() -> LocalServer:
    with LocalServer() as running:
        yield running


def test_rounds_fill_the_store_exactly_once(server: LocalServer, db_path: Path) -> None:
    for n in range(1, 5):
        server.route(f"/news/{n}.html", page_reply(n, f"خبر رقم {n}"))
    server.route("/feed.xml", [feed_reply(server, [1, 2, 3]), feed_reply(server, [1, 2, 3, 4], '"v2"')])
    store = open_store(str(db_path))
    store.add_source(server.url("/feed.xml"), "هسبريس", "MA")
    clock = FakeClock(NOW)
    run, errors = collector(store, clock)
    first = run.run_round()
    assert (first.feeds_checked, first.new_urls, first.stored, first.failures) == (1, 3, 3, 0), errors
    articles = store.list_articles(limit=10)
    assert {(a.source.name, a.source.country) for a in articles} == {("هسبريس", "MA")}
    assert {a.url for a in articles} == {server.url(f"/news/{n}.html") for n in (1, 2, 3)}  # tracking dropped
    same = run.run_round()  # nothing due yet: nothing asked
    assert same.feeds_checked == 0 and store.count_articles() == 3
    clock.sleep(2 * 3600)
    second = run.run_round()  # the feed changed: one new item, three already fetched
    assert (second.feeds_checked, second.new_urls, second.stored) == (1, 1, 1), errors
    clock.sleep(6 * 3600)
    third = run.run_round()
    assert (third.not_modified, third.new_urls, third.stored) == (1, 0, 0)
    assert server.requests_to("/feed.xml")[-1].headers["if-none-match"] == '"v2"'  # kept verbatim
    assert store.count_articles() == 4
    assert all(len(server.requests_to(f"/news/{n}.html")) == 1 for n in range(1, 5))
    assert errors == []


def test_one_article_under_two_urls_is_stored_once(server: LocalServer, db_path: Path) -> None:
    canonical = server.url("/a/5")
    server.route("/sport/5.html", page_reply(5, "خبر مشترك", canonical))
    server.route("/news/5.html", page_reply(5, "خبر مشترك", canonical))
    server.route("/x.aspx", page_reply(6, "خبر عن الميناء"))
    server.route("/x.aspx?ArticleID=77", page_reply(7, "خبر رقم 77"))
    server.route("/x.aspx?ArticleID=78", page_reply(8, "خبر رقم 78"))

    def listing(*links: str) -> Reply:
        items = [{"title": "خبر", "link": server.url(link)} for link in links]
        return Reply(body=rss(items).encode("utf-8"), headers={"Content-Type": "application/rss+xml"})

    sport = server.route("/sport.xml", listing("/sport/5.html", "/x.aspx?ArticleID=77&utm_medium=rss"))
    news = server.route("/news.xml", listing("/news/5.html", "/x.aspx?ArticleID=77", "/x.aspx?ArticleID=78"))
    store = open_store(str(db_path))
    store.add_source(sport, "الشروق", "DZ")
    store.add_source(news, "الشروق", "DZ")
    clock = FakeClock(NOW)
    run, errors = collector(store, clock)
    summary = run.run_round()
    assert errors == [] and summary.new_urls == 4  # the id-like parameter kept, the tracking one dropped
    urls = sorted(a.url for a in store.iter_articles())
    assert urls == sorted([canonical, server.url("/x.aspx?ArticleID=77"), server.url("/x.aspx?ArticleID=78")])
    assert len([h for h in server.hits if "ArticleID=77" in h.path]) == 1  # listed by two feeds, fetched once
    # a feed that later lists the canonical URL itself does not make Marsad fetch it again
    server.route("/sport.xml", listing("/a/5"))
    clock.sleep(3 * 3600)
    later = run.run_round()
    assert later.new_urls == 0 and later.pages_fetched == 0 and store.count_articles() == 3
