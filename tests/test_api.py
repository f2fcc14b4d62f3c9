"""The HTTP API and the pages' JSON twins, in-process, over a store built by the pipeline."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from marsad import pipeline
from marsad.api import create_app
from marsad.api.deps import get_store
from marsad.demo import sample_path
from marsad.ingest import read_inputs
from marsad.store import open_store

SAMPLE_ARTICLES = 40  # the first 40 of the demo sample: a few outlets and events, built in seconds


@pytest.fixture(scope="module")
def built_db(tmp_path_factory) -> Path:
    """A store file holding the first SAMPLE_ARTICLES of the demo sample, through the whole pipeline."""
    folder = tmp_path_factory.mktemp("api")
    subset = folder / "sample.jsonl"
    with sample_path().open(encoding="utf-8") as lines:
        subset.write_text("".join(itertools.islice(lines, SAMPLE_ARTICLES)), encoding="utf-8")
    path = folder / "marsad.db"
    store = open_store(str(path))
    summary = pipeline.ingest(read_inputs([str(subset)]), store)
    store.close()
    assert summary.stored == SAMPLE_ARTICLES
    return path


@pytest.fixture
def client(built_db, tmp_path):
    """A client over a private copy of the built store (tests may write to it)."""
    path = tmp_path / "copy.db"
    shutil.copy(built_db, path)
    app = create_app(str(path))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def store(client):
    return client.app.state.store


# -- the error shape (STYLE §5.5) ---------------------------------------------------


@pytest.mark.parametrize("url, status", [
    ("/api/articles/no-such-id", 404),
    ("/api/events/no-such-id", 404),
    ("/api/stories/no-such-id", 404),
    ("/api/entities/no-such-id", 404),
    ("/api/articles?limit=0", 422),
    ("/api/articles?limit=abc", 422),
    ("/api/articles?since=yesterday", 422),
    ("/api/search", 422),
    ("/api/keywords?limit=-1", 422),
    ("/api/nowhere", 404),
])
def test_every_error_is_one_json_object_with_a_message(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert list(body) == ["error"] and isinstance(body["error"], str) and body["error"]


def test_validation_error_names_the_parameter(client):
    assert client.get("/api/articles?limit=0").json()["error"].startswith("query.limit:")


def test_errors_are_documented_with_the_error_shape(client):
    spec = client.get("/openapi.json").json()
    responses = spec["paths"]["/api/articles/{article_id}"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert "HTTPValidationError" not in spec["components"]["schemas"]


# -- resources --------------------------------------------------------------------------


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "articles": SAMPLE_ARTICLES}


def test_articles_are_paged_newest_first(client):
    first = client.get("/api/articles?limit=5").json()
    second = client.get("/api/articles?limit=5&offset=5").json()
    assert first["count"] == SAMPLE_ARTICLES and len(first["data"]) == 5
    assert not {a["id"] for a in first["data"]} & {a["id"] for a in second["data"]}
    dates = [a["published"] for a in first["data"] + second["data"]]
    assert dates == sorted(dates, reverse=True)


def test_article_has_the_spec_fields(client, store):
    article_id = store.list_articles(limit=1)[0].id
    body = client.get(f"/api/articles/{article_id}").json()
    assert body == store.get_article(article_id).as_dict()
    assert {"credibility", "importance", "entities", "attributions", "shared_passages"} <= set(body)


def test_article_filters(client, store):
    outlet = store.list_articles(limit=1)[0].source.name
    body = client.get("/api/articles", params={"outlet": outlet, "limit": 500}).json()
    assert body["count"] == len(body["data"]) > 0
    assert {a["source"]["name"] for a in body["data"]} == {outlet}


@pytest.mark.parametrize("resource", ["events", "stories", "entities"])
def test_lists_and_items_agree(client, resource):
    page = client.get(f"/api/{resource}?limit=3").json()
    assert page["count"] >= len(page["data"]) > 0
    first = page["data"][0]
    assert client.get(f"/api/{resource}/{first['id']}").json() == first


def test_search_normalises_the_query_and_highlights(client):
    plain = client.get("/api/search", params={"q": "ايران"}).json()
    hamza = client.get("/api/search", params={"q": "إيران"}).json()
    assert plain["count"] == hamza["count"] > 0
    hit = hamza["data"][0]
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]]
    assert hit["rank"] > 0 and hamza["query"] == "إيران"


def test_search_of_stop_words_is_empty_not_an_error(client):
    assert client.get("/api/search", params={"q": "في"}).json()["count"] == 0


def test_keyword_cloud_shape_and_window(client):
    cloud = client.get("/api/keywords?limit=10").json()
    assert 0 < len(cloud) <= 10 and cloud[0]["weight"] == 1.0
    assert set(cloud[0]) == {"keyword", "weight"}
    assert client.get("/api/keywords?since=2030-01-01").json() == []


def test_sources_lists_outlets_and_citations(client):
    body = client.get("/api/sources").json()
    assert sum(o["articles"] for o in body["outlets"]) == SAMPLE_ARTICLES
    assert all(set(c) == {"outlet", "cites", "kind", "articles"} for c in body["citations"])


# -- ingest by POST -----------------------------------------------------------------------


RECORD = {"id": "api-test-1", "title": "وزير الخارجية يزور الرباط",
          "text": "وصل وزير الخارجية إلى الرباط اليوم في زيارة رسمية تستمر يومين، بحسب وكالة الأنباء.",
          "published": "2018-05-16", "source": {"name": "وكالة تجريبية", "country": "المغرب"}}


def test_post_runs_the_pipeline_and_is_idempotent(client):
    first = client.post("/api/articles", json=RECORD)
    assert first.status_code == 201 and first.json()["stored"] == 1
    stored = client.get(f"/api/articles/{first.json()['articles'][0]}").json()
    assert stored["source"]["country"] == "المغرب" and stored["category"]
    again = client.post("/api/articles", json=[RECORD])
    assert again.status_code == 200 and again.json()["duplicates"] == 1
    assert client.get("/api/search", params={"q": "بالرباط"}).json()["count"] >= 1


def test_post_keeps_good_records_and_reports_bad_ones(client):
    response = client.post("/api/articles", json=[{**RECORD, "id": "api-test-2"}, {"url": "https://example.org/x"}])
    body = response.json()
    assert response.status_code == 201 and body["stored"] == 1 and body["failed"] == 1
    assert "neither text, html nor title" in body["errors"][0]


@pytest.mark.parametrize("payload", [[{"url": "https://example.org/x"}], {"text": "   "}])
def test_post_with_only_bad_records_is_422(client, payload):
    response = client.post("/api/articles", json=payload)
    assert response.status_code == 422 and "neither text, html nor title" in response.json()["error"]


def test_post_of_a_headline_alone_stores_a_headline_only_article(client):
    response = client.post("/api/articles", json=[{"id": "api-headline", "title": "الهلال يتوج بالدوري"}])
    assert response.status_code == 201
    stored = client.get("/api/articles/api-headline").json()
    assert stored["headline_only"] is True and stored["text"] == "الهلال يتوج بالدوري"
    assert "عنوان فقط" in client.get("/articles/api-headline").text


@pytest.mark.parametrize("body", ["not json", "[]", "42", '{"text": 5}'])
def test_post_of_something_else_is_a_4xx_with_the_error_shape(client, body):
    response = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500 and list(response.json()) == ["error"]


def test_store_can_be_swapped_with_dependency_overrides(built_db, tmp_path):
    app = create_app(str(tmp_path / "unused.db"))
    other = open_store(str(built_db))
    app.dependency_overrides[get_store] = lambda: other
    with TestClient(app) as test_client:
        assert test_client.get("/healthz").json()["articles"] == SAMPLE_ARTICLES
    other.close()


# -- pages and their JSON twins --------------------------------------------------------------


def page_urls(store) -> list[str]:
    story = store.list_stories(limit=1)[0]
    event = store.get_event(story.events[0])
    entity = store.list_entities(limit=1)[0]
    return ["/", f"/stories/{story.id}", f"/events/{event.id}", f"/articles/{story.articles[0]}",
            f"/entities/{entity.id}", "/entities", "/search?q=إيران", "/search?outlet=x", "/sources"]


def test_every_page_is_right_to_left_html_with_a_json_twin(client, store):
    for url in page_urls(store):
        page = client.get(url)
        assert page.status_code == 200, url
        assert '<html lang="ar" dir="rtl">' in page.text
        assert 'rel="alternate"' in page.headers["link"]
        twin = client.get(url, params={"format": "json"})
        assert twin.headers["content-type"] == "application/json" and isinstance(twin.json(), dict)


def test_missing_page_is_a_404_page(client):
    page = client.get("/articles/nothing-here")
    assert page.status_code == 404 and 'dir="rtl"' in page.text
    assert client.get("/articles/nothing-here?format=json").json() == {"error": "لا يوجد مقال بالمعرف nothing-here"}


def test_article_text_is_escaped_never_rendered_as_html(client):
    hostile = {"id": "xss", "title": "<script>alert(1)</script>عنوان",
               "text": "نص فيه <img src=x onerror=alert(1)> وسم خطير. وزير الخارجية في الرباط.",
               "url": "javascript:alert(1)", "source": "<b>منفذ</b>"}
    article_id = client.post("/api/articles", json=hostile).json()["articles"][0]
    for url in (f"/articles/{article_id}", "/search?q=وسم خطير", "/", "/sources"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>منفذ" not in html, url
    assert "javascript:" not in client.get(f"/articles/{article_id}").text


def test_home_twin_carries_stories_events_cloud_and_articles(client):
    home = client.get("/?format=json").json()
    assert home["stories"] and home["events"] and home["keywords"]["cloud"] and home["articles"]
    card = home["stories"][0]["profile"]
    assert {"outlets", "copies", "credibility", "importance", "top_entities"} <= set(card)


def test_static_files_are_served(client):
    assert client.get("/static/marsad.css").status_code == 200
    assert client.get("/static/marsad.js").status_code == 200


# -- the OpenAPI description, exercised by schemathesis -----------------------------------------


@pytest.fixture
def api_schema(built_db, tmp_path):
    path = tmp_path / "schemathesis.db"
    shutil.copy(built_db, path)
    app = create_app(str(path))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.store.close()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_openapi_has_no_server_errors(case):
    """Every operation of our own OpenAPI description, with generated inputs: never a 5xx."""
    response = case.call_and_validate(checks=[not_a_server_error])
    if response.status_code >= 400:
        assert list(json.loads(response.content)) == ["error"]
