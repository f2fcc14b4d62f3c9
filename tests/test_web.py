"""The web UI in a real browser: Debian's Chromium driven by Playwright against ``marsad demo``.

The server is the real command (``python -m marsad demo``) on a free port, building
its store from the bundled sample; the browser is /usr/bin/chromium, never one the
test tool downloads.  Screenshots land in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
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


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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


@pytest.mark.parametrize("path", ["/", "/sources"])
def test_readable_on_a_phone(browser, server, path):
    phone = browser.new_page(viewport=PHONE, locale="ar", is_mobile=True, has_touch=True)
    phone.goto(server + path)
    article = phone.evaluate("document.querySelector('.story-card, .panel') !== null")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert article and overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    margins = phone.evaluate(
        "(() => { const r = document.querySelector('.quicksearch input').getBoundingClientRect();"
        " return [r.left, window.innerWidth - r.right]; })()"
    )
    assert min(margins) >= 8, f"{path}: the masthead search box touches the screen edge ({margins})"
    shoot(phone, f"{path.strip('/') or 'home'}-phone")
    phone.close()


def test_article_highlight_toggle(page, server):
    page.goto(server + "/")
    page.locator(".article-list .article-row a.title").first.click()
    page.wait_for_url("**/articles/**")
    page.uncheck("[data-toggle=ent]")
    assert page.evaluate("document.body.classList.contains('hide-ent')")
