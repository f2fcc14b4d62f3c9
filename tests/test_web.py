"""The web UI in a real browser: Debian's Chromium driven by Playwright against ``marsad demo``.

The server is the real command (``python -m marsad demo``) on a free port, building
its store from the bundled sample; the browser is /usr/bin/chromium, never one the
test tool downloads.  Screenshots land in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlparse

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONES = {"360": {"width": 360, "height": 780}, "390": PHONE}
START_TIMEOUT = 240  # seconds: the demo ingests 300 articles before it serves

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    """Poll /healthz until the server answers; show its output if it dies or never comes up."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"marsad demo exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"marsad demo did not answer in {START_TIMEOUT}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """``marsad demo`` serving the sample on a free port; yields its base URL."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("web")
    port = _free_port()
    log = folder / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "marsad", "demo", "--port", str(port), "--db", str(folder / "demo.db")],
            stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    opened = browser.new_page(viewport=DESKTOP, locale="ar")
    yield opened
    opened.close()


def shoot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def assert_right_to_left(page) -> None:
    """The document says so, the computed style follows, and the brand sits on the right."""
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".quicksearch").bounding_box()
    assert brand["x"] > search["x"], "the masthead should start on the right"


def test_click_through_home_story_article_entity(page, server):
    page.goto(server + "/")
    assert_right_to_left(page)
    assert page.locator(".story-card").count() > 0
    shoot(page, "home-desktop")

    page.locator(".story-card h3 a").first.click()
    page.wait_for_url("**/stories/**")
    assert_right_to_left(page)
    assert page.locator(".tl-event").count() > 0
    assert page.locator(".country-group h4").count() > 0
    shoot(page, "story-desktop")

    page.locator(".tl-event .article-row a.title").first.click()
    page.wait_for_url("**/articles/**")
    assert_right_to_left(page)
    assert page.locator(".score-panel").count() == 2
    assert page.locator(".article-text .m.ent").count() > 0
    shoot(page, "article-desktop")

    page.locator(".article-text a.m.ent").first.click()
    page.wait_for_url("**/entities/**")
    assert_right_to_left(page)
    assert page.locator("h1").inner_text().strip()
    assert page.locator("table.data tbody tr").count() >= 1
    shoot(page, "entity-desktop")


def test_search_from_the_masthead(page, server):
    page.goto(server + "/")
    page.fill(".quicksearch input", "أمريكا")
    page.press(".quicksearch input", "Enter")
    page.wait_for_url("**/search?q=*")
    assert_right_to_left(page)
    assert page.locator(".result").count() > 0
    marked = page.locator(".result mark.hit").all_inner_texts()
    assert any("مريكا" in word for word in marked)  # امريكا and أمريكا both match
    shoot(page, "search-desktop")


@pytest.mark.parametrize("path", ["/", "/sources", "/entities", "/search?q=%22الاتفاق النووي%22"])
def test_pages_load_right_to_left(page, server, path):
    response = page.goto(server + path)
    assert response.status == 200
    assert_right_to_left(page)
    name = path.strip("/").split("?")[0] or "home"
    shoot(page, f"{name}-page")


def test_article_highlight_toggle(page, server):
    page.goto(server + "/")
    page.locator(".article-list .article-row a.title").first.click()
    page.wait_for_url("**/articles/**")
    page.uncheck("[data-toggle=ent]")
    assert page.evaluate("document.body.classList.contains('hide-ent')")


# -- every word a reader sees is Arabic; counted nouns agree with their numbers ------------------------

# Keys of a JSON twin whose strings come from the inputs (titles, texts, names): Latin words there are
# the news itself (an outlet called CNN), not the interface's.
INPUT_KEYS = {"title", "text", "name", "outlet", "surface", "to", "spelling", "variants", "snippet", "keyword",
              "country", "countries", "outlets", "cites", "url", "query", "detail", "words"}
FORMAT_NAMES = {"JSON", "Atom"}  # names of file formats, written as their standards write them
LATIN = re.compile(r"[A-Za-z]+")
# Parts of a page that show input text, left out when checking the page's own words.
INPUT_PARTS = (".article-text, .title, .snippet, .passage, h1, h3, .chip, .variants, .kw, .cloud, "
               "table.citations, .outlet, .country-group h4, .outlet-group h5, .attributions, .tl-card h3")


def _input_latin(value, key: str | None = None) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_input_latin(v, k) for k, v in value.items())) if value else set()
    if isinstance(value, list):
        return set().union(*(_input_latin(v, key) for v in value)) if value else set()
    if isinstance(value, str) and key in INPUT_KEYS:
        return set(LATIN.findall(value))
    return set()


@pytest.fixture(scope="module")
def sample_pages(server) -> dict[str, str]:
    """One page of each kind from the demo store, found through the API (the first of each list)."""
    api = httpx.Client(base_url=server, timeout=30)
    articles = api.get("/api/articles", params={"limit": 500}).json()["data"]
    latin_section = next(a for a in articles if LATIN.search((a.get("page") or {}).get("category") or ""))
    with_record = next(a for a in articles
                       if any(e["signal"] == "outlet_record" and e["effect"] for e in a["credibility"]["evidence"]))
    return {
        "home": "/",
        "story": f"/stories/{api.get('/api/stories', params={'limit': 1}).json()['data'][0]['id']}",
        "event": f"/events/{api.get('/api/events', params={'limit': 1}).json()['data'][0]['id']}",
        "article-section": f"/articles/{latin_section['id']}",
        "article-record": f"/articles/{with_record['id']}",
        "entity": f"/entities/{api.get('/api/entities', params={'limit': 1}).json()['data'][0]['id']}",
        "entities": "/entities",
        "sources": "/sources",
        "search": "/search?q=%D8%A3%D9%85%D8%B1%D9%8A%D9%83%D8%A7",
        "search-empty": "/search",
        "not-found": "/no-such-page",
    }


def _own_words(page) -> str:
    """The page's text without the parts that show input text."""
    return page.evaluate(
        "(sel) => { const c = document.body.cloneNode(true); c.querySelectorAll(sel).forEach(e => e.remove());"
        " c.querySelectorAll('*').forEach(e => e.append(' ')); return c.textContent; }", INPUT_PARTS)


def _disagreements(text: str) -> list[str]:
    """Numerals followed by a counted noun in the wrong form («5 نسخة», «18 حدث», «2 مقال»)."""
    from marsad.text.counting import NOUNS, counted

    first_words: dict[str, set[str]] = {}
    for noun, forms in NOUNS.items():
        for form in forms:
            first_words.setdefault(form.split()[0], set()).add(noun)
    wrong = []
    for match in re.finditer(r"(?<![\d.])(\d+) (\S+)", text):
        n, word = int(match.group(1)), match.group(2).strip("،:.()")
        nouns = first_words.get(word)
        if not nouns:
            continue
        if n < 3 or not any(counted(n, noun).split()[1] == word for noun in nouns):
            wrong.append(match.group(0))
    return wrong


def test_pages_speak_arabic(browser, server, sample_pages):
    """Every page, in Chromium: no internal code or English word of the interface; numbers agree."""
    from marsad.web.markup import labels

    codes = set(labels()["signals"]) | {"middleEast", "internationalNews", "localNews"}
    page = browser.new_page(viewport=DESKTOP, locale="ar")
    for name, path in sample_pages.items():
        page.goto(server + path)
        assert_right_to_left(page)
        seen = page.locator("body").inner_text()
        twin = httpx.get(server + path + ("&" if "?" in path else "?") + "format=json", timeout=30).json()
        foreign = set(LATIN.findall(seen)) - _input_latin(twin) - FORMAT_NAMES
        assert not foreign, f"{path}: words of the interface not in Arabic: {sorted(foreign)}"
        leaked = {word for word in re.findall(r"[A-Za-z_]+", seen) if word in codes}
        assert not leaked, f"{path}: internal codes shown to the reader: {sorted(leaked)}"
        assert not re.search(r"\d\.\d+ (يوم|ساعة)", seen), f"{path}: a duration with decimals"
        wrong = _disagreements(_own_words(page))
        assert not wrong, f"{path}: counted nouns that do not agree with their number: {wrong}"
        shoot(page, f"words-{name}-desktop")
    page.close()


def test_article_evidence_and_labels_in_arabic(page, server, sample_pages):
    page.goto(server + sample_pages["article-section"])
    panels = page.locator(".score-panel h2").all_inner_texts()
    assert panels[0] == "مستوى الصحة (الموثوقية)"
    assert page.locator(".evidence .signal").count() > 0
    assert "اللغة: العربية" in page.locator(".reader .meta").inner_text()
    side = page.locator(".col-side").inner_text()
    assert "قسم الخبر في موقعه" in side and not LATIN.search(side.split("قسم الخبر في موقعه")[1].split("·")[0])
    page.goto(server + "/")
    countries = page.locator(".story-card .countries")
    assert countries.count() > 0 and countries.first.inner_text().startswith("· بلدان المصادر:")
    assert page.locator(".badge.cred").first.inner_text().startswith("الموثوقية")


def test_unknown_path_is_an_arabic_page_for_a_browser_and_json_for_a_client(page, server):
    response = page.goto(server + "/no-such-page")
    assert response.status == 404
    assert_right_to_left(page)
    assert page.locator("h1").inner_text() == "الصفحة غير موجودة"
    assert page.locator(".error-page a[href='/']").count() == 1
    shoot(page, "not-found-desktop")
    plain = httpx.get(server + "/no-such-page", timeout=10)
    assert plain.status_code == 404 and plain.json() == {"error": "Not Found"}
    api = httpx.get(server + "/api/no-such-thing", headers={"Accept": "text/html"}, timeout=10)
    assert api.status_code == 404 and api.json() == {"error": "Not Found"}


def test_api_docs_work_offline(browser, server):
    """/docs lists every operation of /openapi.json and asks nothing of any other host."""
    page = browser.new_page(viewport=DESKTOP, locale="ar")
    elsewhere: list[str] = []

    def only_loopback(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    response = page.goto(server + "/docs")
    assert response.status == 200
    assert_right_to_left(page)
    spec = httpx.get(server + "/openapi.json", timeout=10).json()
    operations = sum(1 for item in spec["paths"].values() for method in item if method in ("get", "post", "delete"))
    assert page.locator(".api-op").count() == operations
    shown = page.locator(".api-path").all_inner_texts()
    assert any("/api/search" in text for text in shown)
    assert page.locator(".api-schema").count() == len(spec["components"]["schemas"])
    assert not elsewhere, f"/docs asked other hosts: {elsewhere}"
    shoot(page, "api-docs-desktop")
    page.close()


# -- dates say what they are; the newest events come first; the outlet's record as it stands ----------


def test_home_events_newest_first_and_dates_labelled(page, server, sample_pages):
    page.goto(server + "/")
    dates = page.locator(".event-list .event-date time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates and dates == sorted(dates, reverse=True), f"«آخر الأحداث» not in date order: {dates}"
    assert all(label == "وقع في" for label in page.locator(".event-list .event-date small").all_inner_texts())
    page.goto(server + sample_pages["event"])
    when = page.locator(".tl-date").first.inner_text()
    assert "وقع في" in when and "أول ما نُشر عنه في" in when, when


def test_outlet_record_is_the_one_the_sources_page_shows(page, server, sample_pages):
    path = sample_pages["article-record"]
    article = httpx.get(server + path + "?format=json", timeout=30).json()["article"]
    outlets = httpx.get(server + "/sources?format=json", timeout=30).json()["outlets"]
    listed = next(o for o in outlets if o["name"] == article["source"]["name"])
    page.goto(server + path)
    now = page.locator(".evidence .detail.now").inner_text()
    share = round(100 * listed["copies"] / listed["articles"])
    from marsad.text.counting import counted

    assert now == f"سجله اليوم: {share}٪ من {counted(listed['articles'], 'مقال', 'gen')} منقولة عن غيرها"
    scored = page.locator(".evidence li", has=page.locator(".detail.now")).locator(".detail").first.inner_text()
    assert "حين حُسبت الدرجة" in scored


# -- the entity list: filter by type, search a name, paging that says where you are --------------------


def test_entity_list_filters_searches_and_pages(page, server):
    page.goto(server + "/entities")
    assert "الصفحة 1 من" in page.locator(".pager .where").inner_text()
    status = page.locator(".result-count").inner_text()
    assert status.startswith("1–50 من"), status
    page.locator(".type-tabs a.t-PER").click()
    page.wait_for_url("**/entities?type=PER")
    types = set(page.locator("table.entities tbody .chip").all_inner_texts())
    assert types == {"شخص"}, types
    assert "من نوع «أشخاص»" in page.locator(".result-count").inner_text()
    name = page.locator("table.entities tbody td a").first.inner_text()
    page.fill(".entity-search input[name=q]", name.replace("أ", "ا"))
    page.press(".entity-search input[name=q]", "Enter")
    page.wait_for_url("**/entities?q=*")
    assert name in page.locator("table.entities tbody td a").all_inner_texts()
    assert "type=PER" in page.url
    shoot(page, "entities-search-desktop")
    page.goto(server + "/entities?offset=50")
    assert page.locator(".result-count").inner_text().startswith("51–")
    assert "الصفحة 2 من" in page.locator(".pager .where").inner_text()
    assert page.locator(".pager a[rel=prev]").count() == 1


# -- phones: no page scrolls sideways at 360 or 390 px ------------------------------------------------


@pytest.mark.parametrize("width", sorted(PHONES))
def test_no_page_scrolls_sideways_on_a_phone(browser, server, sample_pages, width):
    """Every page at 360 and 390 px: nothing wider than the screen (the document never scrolls sideways)."""
    phone = browser.new_page(viewport=PHONES[width], locale="ar", is_mobile=True, has_touch=True)
    pages = {**sample_pages, "docs": "/docs"}
    for name, path in pages.items():
        phone.goto(server + path)
        # A phone widens its layout viewport to fit content that overflows, so the screen's width is
        # the one the test set, not window.innerWidth.
        screen = PHONES[width]["width"]
        overflow = phone.evaluate("document.documentElement.scrollWidth") - screen
        wide = phone.evaluate(
            "(screen) => [...document.querySelectorAll('body *')].filter(e => {"
            " const r = e.getBoundingClientRect(); if (!r.width) return false;"
            " for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {"
            "  const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return false; }"
            " return r.right > screen + 1 || r.left < -1; })"
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width))",
            screen)
        shoot(phone, f"{name}-phone-{width}", full_page=False)
        assert overflow <= 0 and not wide, f"{path} scrolls sideways by {overflow}px at {width}px: {wide}"
        box = phone.locator(".quicksearch input").bounding_box()
        assert box["x"] >= 8 and box["x"] + box["width"] <= PHONES[width]["width"] - 8, f"{path}: search box at the edge"
    phone.close()


# -- feeds: every search, entity, story and outlet, in Atom and JSON Feed -------------------------------


def _feed_urls(page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('link[rel=alternate]')]"
        ".map(l => [l.type, l.href]))")


def test_pages_announce_feeds_that_validate(page, server, sample_pages):
    """Search, entity, story, outlet and home pages name an Atom feed and a JSON twin; both parse."""
    import feedparser

    outlet = httpx.get(server + "/sources?format=json", timeout=30).json()["outlets"][0]["name"]
    pages = {"home": "/", "search": sample_pages["search"], "entity": sample_pages["entity"],
             "story": sample_pages["story"], "outlet": "/search?" + urlencode({"outlet": outlet})}
    for name, path in pages.items():
        page.goto(server + path)
        urls = _feed_urls(page)
        assert "application/atom+xml" in urls and "application/feed+json" in urls, f"{path}: no feed announced"
        body = httpx.get(urls["application/atom+xml"], timeout=30)
        assert body.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(body.content)
        assert not parsed.bozo, f"{name} feed is not well-formed: {parsed.get('bozo_exception')}"
        assert parsed.version == "atom10" and parsed.feed.title.startswith("مرصد")
        assert parsed.entries, f"{name} feed has no entries"
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)) and all(i.startswith("urn:marsad:event:") for i in ids)
        updated = [e.updated for e in parsed.entries]
        assert updated == sorted(updated, reverse=True), f"{name} feed not newest first"
        again = feedparser.parse(httpx.get(urls["application/atom+xml"], timeout=30).content)
        assert [e.id for e in again.entries] == ids, "entry ids change between fetches"
        twin = httpx.get(urls["application/feed+json"], timeout=30)
        assert twin.headers["content-type"].startswith("application/feed+json")
        items = twin.json()["items"]
        assert [i["id"] for i in items] == ids
        for entry, item in zip(parsed.entries, items, strict=True):
            event = httpx.get(f"{server}/api/events/{item['_marsad']['event']}", timeout=30)
            assert event.status_code == 200 and entry.link.endswith("/events/" + item["_marsad"]["event"])
        if name == "entity":
            entity = sample_pages["entity"].rsplit("/", 1)[1]
            for item in items:
                members = httpx.get(f"{server}/api/events/{item['_marsad']['event']}", timeout=30).json()["articles"]
                named = [httpx.get(f"{server}/api/articles/{a}", timeout=30).json() for a in members]
                assert any(m["entity"] == entity for a in named for m in a["entities"]), item["title"]
        if name == "outlet":
            assert all(any(t.term == outlet for t in e.tags) for e in parsed.entries)
    page.goto(server + sample_pages["entity"])
    assert page.locator(".page-head .feed-link").get_attribute("href") == urlparse(
        _feed_urls(page)["application/atom+xml"]).path
    shoot(page, "entity-feed-link-desktop")


def test_unknown_feed_subjects_are_404(server):
    for path in ("/feeds/entity/nope.atom", "/feeds/story/nope.json", "/feeds/outlet/nope.atom"):
        answer = httpx.get(server + path, timeout=10)
        assert answer.status_code == 404 and "error" in answer.json(), path
    assert httpx.get(server + "/feeds/entity/x.rss", timeout=10).status_code in (404, 422)


def test_pages_hold_under_a_strict_content_security_policy(browser, server, sample_pages):
    """No inline script, style element, style attribute or event handler: `default-src 'self'` is enough."""
    page = browser.new_page(viewport=DESKTOP, locale="ar")
    for path in [*sample_pages.values(), "/docs"]:
        page.goto(server + path)
        inline = page.evaluate(
            "() => [...document.querySelectorAll('script:not([src]), style, [style]')].map(e => e.outerHTML.slice(0, 80))"
            ".concat([...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)))")
        assert not inline, f"{path}: inline code or style: {inline[:3]}"
        sources = page.evaluate("() => [...document.querySelectorAll('[src], link[rel=stylesheet]')]"
                                ".map(e => e.src || e.href)")
        assert all(s.startswith(server) for s in sources), f"{path} loads from elsewhere: {sources}"
    page.close()
