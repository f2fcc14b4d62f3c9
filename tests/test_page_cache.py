"""The home page is rendered once per state of the store: a crowd of readers costs one rendering,
and a write by any process shows at the next request."""

from __future__ import annotations

from fastapi.testclient import TestClient

from marsad import pipeline
from marsad.api import create_app
from marsad.model import RawDocument, Source
from marsad.store import open_store
from marsad.web import pages


def report(i: int, title: str) -> RawDocument:
    return RawDocument(
        origin="t",
        kind="jsonl",
        text=f"{title}. نص الخبر رقم {i} عن الموضوع نفسه بالتفصيل.",
        title=title,
        given_id=f"r{i}",
        published=f"2018-05-14T1{i}:00:00+00:00",
        source=Source(name="منبر"),
    )


def test_home_is_rendered_once_until_another_process_writes(tmp_path, monkeypatch) -> None:
    path = str(tmp_path / "m.db")
    store = open_store(path)
    pipeline.ingest([report(1, "افتتاح معرض الكتاب في الرياض")], store)
    renders = []
    home_page = pages.home_page
    monkeypatch.setattr(pages, "home_page", lambda s: renders.append(1) or home_page(s))
    with TestClient(create_app(store=store)) as client:
        first = [client.get("/") for _ in range(5)]
        assert len(renders) == 1 and {a.text for a in first} == {first[0].text}
        assert first[0].headers["content-type"].startswith("text/html") and "Link" in first[0].headers
        assert client.get("/?format=json").json() and len(renders) == 2  # the JSON twin is its own page
        assert len(renders) == 2 and client.get("/?x=1").status_code == 200 and len(renders) == 3

        other = open_store(path)  # another writer (the CLI, another server)
        pipeline.ingest([report(2, "انطلاق سباق الهجن في العلا")], other)
        other.close()
        after = client.get("/")
        assert len(renders) == 4 and "سباق الهجن" in after.text
        client.get("/")
        assert len(renders) == 4
    store.close()


class Watched:
    """A store that records the name of every method called on it."""

    def __init__(self, store) -> None:
        self._store, self.calls = store, []

    def __getattr__(self, name):
        found = getattr(self._store, name)
        if not callable(found):
            return found
        return lambda *args, **kwargs: self.calls.append(name) or found(*args, **kwargs)


def test_a_kept_home_page_costs_one_generation_check_and_answers_304_to_its_etag(tmp_path) -> None:
    store = open_store(str(tmp_path / "m.db"))
    pipeline.ingest([report(1, "افتتاح معرض الكتاب في الرياض")], store)
    watched = Watched(store)
    with TestClient(create_app(store=watched)) as client:
        first = client.get("/")
        etag = first.headers["etag"]
        assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
        watched.calls.clear()
        again = [client.get("/") for _ in range(3)]
        assert watched.calls == ["generation"] * 3  # no template, no query of the store's tables
        assert {a.content for a in again} == {first.content} and again[0].headers["etag"] == etag
        assert again[0].headers["x-content-type-options"] == "nosniff" and "Link" in again[0].headers

        unchanged = client.get("/", headers={"If-None-Match": etag})
        assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == etag
        assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200
        twin = client.get("/?format=json")
        assert twin.headers["etag"] != etag and client.get("/?format=json", headers={"If-None-Match": etag}).json()

        pipeline.ingest([report(2, "انطلاق سباق الهجن في العلا")], store)  # a write: the old tag is stale
        changed = client.get("/", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and "سباق الهجن" in changed.text and changed.headers["etag"] != etag
        assert client.get("/", headers={"If-None-Match": changed.headers["etag"]}).status_code == 304
    store.close()
