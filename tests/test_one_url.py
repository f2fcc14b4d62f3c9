"""One URL is one article: a page filed under two sections, or linked with tracking parameters,
is stored once, with every section it was filed under (issue: the same article twice)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.model import PageClaims, RawDocument, Source
from marsad.pipeline import ingest
from marsad.search import search
from marsad.store import open_store

TEXT = (
    "أعلنت وزارة الخارجية السودانية اليوم الاثنين أن الوزير سيتوجه إلى القاهرة الأسبوع المقبل لبحث "
    "ملف سد النهضة مع نظيره المصري، في أول زيارة له منذ تعيينه في منصبه الشهر الماضي."
)
OTHER = (
    "قال الاتحاد الأفريقي لكرة القدم إن المباراة النهائية ستقام في موعدها المحدد على ملعب القاهرة الدولي "
    "بحضور جماهيري كامل، بعد أن أكملت اللجنة المنظمة استعداداتها."
)
PAGE = "https://www.example-news.com/ar/20180508-sudan-minister-cairo"


def record(given_id: str, section: str, url: str | None = PAGE, text: str = TEXT) -> RawDocument:
    return RawDocument(
        origin="sample.jsonl", kind="jsonl", text=text, title="وزير الخارجية السوداني إلى القاهرة", url=url,
        published="2018-05-08T10:00:00+00:00", published_basis="input", source=Source("فرانس 24"),
        page=PageClaims(category=section), given_id=given_id,
    )


def test_one_page_under_two_sections_is_one_article_with_both_sections(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    summary = ingest(
        [record("FR-middleEast-1", "middleEast"), record("FR-world-2", "internationalNews", PAGE + "?utm_source=rss")],
        store,
    )
    assert (summary.stored, summary.duplicates) == (1, 1)
    [stored] = store.list_articles()
    assert stored.id == "FR-middleEast-1"
    assert stored.page.all_sections() == ["middleEast", "internationalNews"]
    assert stored.duplicate_of is None
    assert store.outlet_stats("فرانس 24") == (1, 0)  # no copy inflates the outlet's copy rate
    assert len(store.get_event(stored.event).articles) == 1


def test_the_same_page_in_a_later_run_adds_its_section_to_the_stored_article(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    ingest([record("FR-middleEast-1", "middleEast")], store)
    summary = ingest([record("FR-world-2", "internationalNews", PAGE.replace("https://www.", "HTTPS://WWW.") + "#top")], store)
    assert (summary.stored, summary.duplicates) == (0, 1)
    assert store.count_articles() == 1
    assert store.get_article("FR-middleEast-1").page.all_sections() == ["middleEast", "internationalNews"]
    assert search(store, "السودانية", limit=10)[0].article.id == "FR-middleEast-1"


def test_the_id_of_a_second_record_of_a_page_leads_to_the_article(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    ingest([record("FR-middleEast-1", "middleEast"), record("FR-world-2", "internationalNews")], store)
    ingest([record("FR-economy-3", "economy", PAGE + "?fbclid=x")], store)
    with TestClient(create_app(store=store), follow_redirects=False) as client:
        for old in ("FR-world-2", "FR-economy-3"):
            answer = client.get(f"/api/articles/{old}")
            assert answer.status_code == 301 and answer.json()["moved_to"] == "FR-middleEast-1"
            assert answer.headers["location"] == "/api/articles/FR-middleEast-1"
            page = client.get(f"/articles/{old}?format=json")
            assert page.status_code == 301 and page.headers["location"] == "/articles/FR-middleEast-1?format=json"
        assert client.get("/api/articles/FR-never-4").status_code == 404


def test_records_without_an_article_url_are_kept_apart(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    summary = ingest(
        [record("h1", "sport", "https://www.example-news.com/", OTHER), record("h2", "world", None),
         record("h3", "world", "https://www.example-news.com/", TEXT + " وأضافت الوزارة أن الزيارة تستمر يومين.")],
        store,
    )
    assert summary.stored == 3
