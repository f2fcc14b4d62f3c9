"""Impossible dates stored before dates were validated ("2018-02-30", "0000-00-00") do not break a page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.model import Article, Event, Source, Story
from marsad.rows import article_rows
from marsad.store import open_store

BAD = ["2018-02-30", "0000-00-00", "2018-13-01T10:00:00", "2018-05-14T25:61:00+00:00", "yesterday"]


@pytest.fixture(params=BAD)
def client(request, tmp_path):
    """A store written as an older Marsad wrote it: one impossible date on the article, its event and story."""
    bad = request.param
    store = open_store(str(tmp_path / "m.db"))
    good = Article(
        id="g",
        origin="t",
        text="نص سليم عن القمة",
        title="قمة",
        published="2018-05-14T10:00:00+00:00",
        source=Source("منبر", "مصر"),
        event="ev-g",
        story="st-g",
    )
    broken = Article(
        id="b",
        origin="t",
        text="نص بتاريخ مستحيل عن القمة",
        title="قمة أخرى",
        published=bad,
        source=Source("منبر", "مصر"),
        event="ev-g",
        story="st-g",
    )
    with store.transaction():
        store.put_articles(article_rows([good, broken]))
        store.put_events([Event("ev-g", "قمة", bad, ["g", "b"], ["منبر"], [], "st-g")])
        store.put_stories([Story("st-g", "قمة", ["ev-g"], ["g", "b"], bad, bad)])
    app = create_app(store=store)
    with TestClient(app) as test_client:
        yield test_client
    store.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/stories/st-g",
        "/events/ev-g",
        "/articles/b",
        "/articles/g",
        "/search?q=القمة",
        "/sources",
        "/feeds/latest.atom",
        "/feeds/story/st-g.atom",
        "/api/articles/b",
        "/api/events/ev-g",
        "/api/stories/st-g",
        "/api/search?q=القمة",
    ],
)
def test_pages_and_api_answer_over_impossible_stored_dates(client, path: str) -> None:
    for fmt in ("", "?format=json" if not path.startswith(("/api", "/feeds")) else ""):
        answer = client.get(path + (fmt if "?" not in path else fmt.replace("?", "&")))
        assert answer.status_code == 200, (path, answer.text[:300])
