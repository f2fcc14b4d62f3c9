"""Links that last: ids of any character round-trip through pages and the API, and an event or
story id that no longer exists (merged, split, renamed by an earlier report) redirects."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import quote, unquote

import pytest
from fastapi.testclient import TestClient

from marsad import pipeline
from marsad.api import create_app
from marsad.model import Entity, RawDocument, Source
from marsad.rows import entity_rows
from marsad.store import open_store

EMBASSY = [
    (
        "افتتاح السفارة الأمريكية في القدس وسط مواجهات دامية على حدود غزة",
        "افتتحت الولايات المتحدة سفارتها في القدس رسميا الاثنين بحضور إيفانكا ترامب وجاريد كوشنر بينما قتل "
        "عشرات الفلسطينيين برصاص الجيش الإسرائيلي على حدود قطاع غزة خلال احتجاجات على نقل السفارة",
    ),
    (
        "واشنطن تدشن سفارتها في القدس وعشرات القتلى في غزة",
        "دشنت واشنطن سفارتها في القدس في حفل حضرته إيفانكا ترامب فيما سقط عشرات القتلى الفلسطينيين برصاص "
        "الجيش الإسرائيلي في احتجاجات على حدود غزة رفضا لنقل السفارة الأمريكية",
    ),
]


def report(article_id: str, which: int, hour: int, outlet: str) -> RawDocument:
    title, text = EMBASSY[which]
    return RawDocument(
        origin=outlet,
        kind="jsonl",
        text=text,
        title=title,
        given_id=article_id,
        published=f"2018-05-14T{hour:02d}:00:00+00:00",
        source=Source(name=outlet),
    )


@pytest.fixture
def served(tmp_path):
    store = open_store(str(tmp_path / "m.db"))
    app = create_app(store=store)
    with TestClient(app, follow_redirects=False) as client:
        yield store, client
    store.close()


def test_an_event_renamed_by_an_earlier_report_redirects_its_old_page_and_api_address(served) -> None:
    store, client = served
    pipeline.ingest([report("late", 1, 12, "الجزيرة")], store)
    assert store.get_article("late").event == "ev-late" and store.get_article("late").story == "st-late"
    assert client.get("/events/ev-late").status_code == 200  # yesterday's link
    pipeline.ingest([report("early", 0, 9, "العربية")], store)  # an earlier report of the same event
    assert store.get_article("late").event == "ev-early" and store.get_event("ev-late") is None

    page = client.get("/events/ev-late")
    assert page.status_code == 301 and page.headers["location"] == "/events/ev-early"
    assert client.get("/events/ev-late?format=json").headers["location"] == "/events/ev-early?format=json"
    assert client.get("/stories/st-late").headers["location"] == "/stories/st-early"
    answer = client.get("/api/events/ev-late")
    assert answer.status_code == 301 and answer.headers["location"] == "/api/events/ev-early"
    assert answer.json()["moved_to"] == "ev-early" and answer.json()["location"] == "/api/events/ev-early"
    assert client.get("/api/stories/st-late").json()["moved_to"] == "st-early"
    followed = client.get("/api/events/ev-late", follow_redirects=True)
    assert followed.status_code == 200 and followed.json()["articles"] == ["early", "late"]
    assert client.get("/api/events/ev-never").status_code == 404
    assert client.get("/events/ev-never").status_code == 404


@pytest.mark.parametrize("odd", ["خبر/عاجل?رقم=1#أول", "a/b?c#d e%f"])
def test_ids_of_any_character_round_trip_through_the_links_of_pages_and_the_api(served, odd: str) -> None:
    store, client = served
    pipeline.ingest([report(odd, 0, 9, "العربية"), report(odd + "2", 1, 10, "الجزيرة")], store)
    article = store.get_article(odd)
    assert article is not None and article.event == f"ev-{odd}" and article.story == f"st-{odd}"
    home = client.get("/")
    article_page = client.get(f"/articles/{quote(odd, safe='')}")
    assert home.status_code == article_page.status_code == 200
    found = re.findall(r'href="(/(?:articles|events|stories)/[^"]+)"', home.text + article_page.text)
    links = {unescape(h) for h in found}
    assert [h for h in links if "?" in h.removesuffix("?format=json") or " " in h] == []  # ids encoded
    assert f"/stories/{quote('st-' + odd, safe='')}#{quote('ev-' + odd, safe='')}" in links
    wanted = {
        f"/articles/{quote(odd, safe='')}",
        f"/events/{quote('ev-' + odd, safe='')}",
        f"/stories/{quote('st-' + odd, safe='')}",
    }
    assert wanted <= links, links
    for link in wanted:  # each link reaches its page, whose JSON twin is about the id it names
        assert client.get(link).status_code == 200, link
        twin = client.get(link + "?format=json")
        assert twin.status_code == 200
        assert unquote(link.rsplit("/", 1)[1]) in json.dumps(twin.json(), ensure_ascii=False), link
    assert client.get(f"/api/articles/{quote(odd, safe='')}").json()["id"] == odd
    assert client.get(f"/api/events/{quote('ev-' + odd, safe='')}").json()["id"] == f"ev-{odd}"
    assert client.get(f"/api/stories/{quote('st-' + odd, safe='')}").json()["id"] == f"st-{odd}"
    event_page = client.get(f"/events/{quote('ev-' + odd, safe='')}").text
    assert f'href="/stories/{quote("st-" + odd, safe="")}#{quote("ev-" + odd, safe="")}"' in event_page


@pytest.mark.parametrize("first", ["late", "خبر/متأخر?1"])
def test_the_feed_of_a_story_renamed_by_an_earlier_report_redirects_to_its_new_feed(served, first) -> None:
    store, client = served
    pipeline.ingest([report(first, 1, 12, "الجزيرة")], store)
    old = quote(f"st-{first}", safe="")
    assert client.get(f"/feeds/story/{old}.atom").status_code == 200  # a reader subscribed to it
    pipeline.ingest([report("early", 0, 9, "العربية")], store)
    assert store.get_story(f"st-{first}") is None and store.get_article(first).story == "st-early"

    atom = client.get(f"/feeds/story/{old}.atom")
    assert atom.status_code == 301 and atom.headers["location"] == "/feeds/story/st-early.atom"
    twin = client.get(f"/feeds/story/{old}.json?x=1")
    assert twin.status_code == 301 and twin.headers["location"] == "/feeds/story/st-early.json?x=1"
    assert twin.json()["moved_to"] == "st-early" and twin.json()["location"] == twin.headers["location"]
    followed = client.get(f"/feeds/story/{old}.atom", follow_redirects=True)
    assert followed.status_code == 200 and "urn:marsad:event:ev-early" in followed.text
    assert client.get("/feeds/story/st-never.atom").status_code == 404
    assert client.get("/feeds/story/st-never.json").status_code == 404


def test_every_group_id_a_stream_in_reverse_order_ever_gave_still_answers(served) -> None:
    """The demo sample arriving newest first, in batches: each earlier report renames its event and
    story, and every id ever handed out still leads to a group (200, or 301 to one that answers 200)."""
    from marsad import demo
    from marsad.ingest import read_path

    store, client = served
    sample = [d for d in read_path(demo.sample_path()) if isinstance(d, RawDocument)][:120]
    sample.sort(key=lambda d: d.published or "", reverse=True)
    handed_out: set[str] = set()
    for start in range(0, len(sample), 20):
        pipeline.ingest(sample[start : start + 20], store)
        for folder, size in (("events", store.count_events()), ("stories", store.count_stories())):
            listed = client.get(f"/api/{folder}?limit={size}").json()["data"]
            assert len(listed) == size
            handed_out |= {f"/api/{folder}/{quote(group['id'], safe='')}" for group in listed}
    moved = 0
    for path in sorted(handed_out):
        answer = client.get(path)
        if answer.status_code == 301:
            moved += 1
            answer = client.get(answer.headers["location"])
        assert answer.status_code == 200, path
    assert moved >= 10, moved  # the stream did rename groups


def test_an_entity_merged_into_another_redirects_its_page_api_address_and_feeds(served) -> None:
    store, client = served
    pipeline.ingest([report("late", 1, 12, "الجزيرة")], store)
    survivor = next(e for e in store.list_entities() if e.type == "PER")
    gone = "ent_merged/away"  # an id that held «/» and was merged into the survivor
    store.put_entities(entity_rows([Entity(gone, survivor.name, "PER", [survivor.name], [], 1)]))
    with store.transaction():
        store.merge_entities({gone: survivor.id})
    old, new = quote(gone, safe=""), quote(survivor.id, safe="")

    page = client.get(f"/entities/{old}?format=json")
    assert page.status_code == 301 and page.headers["location"] == f"/entities/{new}?format=json"
    api = client.get(f"/api/entities/{old}")
    assert api.status_code == 301 and api.headers["location"] == f"/api/entities/{new}"
    atom = client.get(f"/feeds/entity/{old}.atom")
    assert atom.status_code == 301 and atom.headers["location"] == f"/feeds/entity/{new}.atom"
    twin = client.get(f"/feeds/entity/{old}.json")
    assert twin.status_code == 301 and twin.json()["moved_to"] == survivor.id
    assert client.get(f"/entities/{new}").status_code == 200
    assert client.get(f"/feeds/entity/{new}.atom").status_code == 200
    assert client.get("/entities/ent_never").status_code == 404


def test_an_event_feed_has_one_entry_per_report_and_follows_the_event_when_it_is_renamed(served) -> None:
    import feedparser

    store, client = served
    pipeline.ingest([report("late", 1, 12, "الجزيرة")], store)
    page = client.get("/events/ev-late").text
    assert 'type="application/atom+xml"' in page and 'href="/feeds/event/ev-late.atom"' in page
    first = feedparser.parse(client.get("/feeds/event/ev-late.atom").content)
    assert not first.bozo and [e.id for e in first.entries] == ["urn:marsad:article:late"]

    pipeline.ingest([report("early", 0, 9, "العربية"), report("later", 1, 15, "بي بي سي")], store)
    assert store.get_article("late").event == "ev-early"
    atom = client.get("/feeds/event/ev-late.atom")
    assert atom.status_code == 301 and atom.headers["location"] == "/feeds/event/ev-early.atom"
    grown = feedparser.parse(client.get("/feeds/event/ev-late.atom", follow_redirects=True).content)
    assert not grown.bozo and grown.feed.title == f"مرصد: حدث: {store.get_event('ev-early').title}"
    assert [e.id for e in grown.entries] == [f"urn:marsad:article:{a}" for a in ("later", "late", "early")]
    assert [e.link.rsplit("/", 1)[1] for e in grown.entries] == ["later", "late", "early"]
    assert {t.term for t in grown.entries[0].tags} == {"بي بي سي"}
    twin = client.get("/feeds/event/ev-early.json").json()
    assert [i["_marsad"]["article"] for i in twin["items"]] == ["later", "late", "early"]
    assert {i["_marsad"]["event"] for i in twin["items"]} == {"ev-early"}
    assert client.get("/feeds/event/ev-never.atom").status_code == 404
