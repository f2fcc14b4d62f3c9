"""One collection round: poll what is due, queue new article URLs, fetch and extract them, run the pipeline.

Crash safety comes from the order of writes.  A feed's new validators and the URLs it listed are
written in one transaction, so a feed whose URLs were not queued is polled again.  A queued URL is
marked done only after its article is committed by the pipeline; killed in between, the next round
fetches it again and the pipeline finds the article already stored.  Nothing is lost that a re-run
does not fetch.

Politeness is by host: each host's feeds and pages are handled by one worker at a time (the
fetcher's limiter spaces its requests), several hosts at once.  The pipeline runs in the calling
thread, in batches, while the workers fetch.
"""

from __future__ import annotations

import hashlib
import queue
import random
import re
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from marsad import config
from marsad.collect import schedule
from marsad.collect.clock import Clock
from marsad.collect.fetch import Fetcher, FetchError, Response
from marsad.collect.read import read_listing
from marsad.collect.urls import absolute, url_key
from marsad.errors import InputError
from marsad.model import RawDocument, Source
from marsad.store.base import FEED_STATE

PAGE_MAX_BYTES = 5 * 1024 * 1024  # an article page over 5 MB once decompressed is not an article
PAGE_ATTEMPTS = 3  # a page that fails for a passing reason is tried in this many rounds, then given up
PAGE_RETRY_S = 30 * 60.0
MAX_PASSES = 3  # feeds found in a round (a home page's, an index's sitemaps) are polled in the same round
SITEMAP_MAX_AGE_DAYS = 7  # a dated sitemap entry older than this is history, not news: not fetched
# schema.org's paywall marker: the page says its full text is not free to read
_PAYWALL = re.compile(r'"isAccessibleForFree"\s*:\s*(?:false|"false"|"False")')


@dataclass(slots=True)
class RoundSummary:
    feeds_checked: int = 0
    not_modified: int = 0
    new_urls: int = 0
    pages_fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    failures: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"feeds checked {self.feeds_checked}, not modified {self.not_modified}, new URLs {self.new_urls}, "
            f"pages fetched {self.pages_fetched}, articles stored {self.stored}, "
            f"duplicates {self.duplicates}, failures {self.failures}"
        )


@dataclass(slots=True)
class Page:
    """A fetched page on its way to the pipeline."""

    row: dict[str, Any]
    document: RawDocument
    response: Response
    canonical_key: str


class Collector:
    def __init__(
        self,
        store: Any,
        fetcher: Fetcher,
        clock: Clock,
        *,
        workers: int = 4,
        on_error: Callable[[str], None] | None = None,
        progress: Callable[[int], None] | None = None,
        stop: threading.Event | None = None,
        seed: int | None = None,
        batch_size: int | None = None,
        analysis: Any = None,
    ) -> None:
        self.store, self.fetcher, self.clock = store, fetcher, clock
        self.workers = workers
        self.analysis = analysis  # marsad.parallel.Workers for stages 3-4 (None: this process)
        self.on_error = on_error
        self.progress = progress
        self.stop = stop or threading.Event()
        self.rng = random.Random(seed)
        self.batch_size = batch_size or config.INGEST_BATCH
        self.lock = threading.Lock()

    # -- a round ----------------------------------------------------------

    def run_round(self) -> RoundSummary:
        summary = RoundSummary()
        for _ in range(MAX_PASSES):
            due = self.store.due_feeds(self.clock.now())
            if not due or self.stop.is_set():
                break
            self._by_host(
                due, lambda feeds: [self._poll(f, summary) for f in feeds if not self.stop.is_set()]
            )
        if not self.stop.is_set():
            self._fetch_queue(summary)
        return summary

    def next_due(self) -> float | None:
        """When the next feed is due (seconds since the epoch), or None when nothing is followed."""
        feeds = [f["next_check"] for f in self.store.list_feeds() if f["kind"] != "home"]
        return min(feeds) if feeds else None

    def _by_host(self, rows: list[dict[str, Any]], work: Callable[[list[dict[str, Any]]], Any]) -> None:
        hosts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            hosts[urlsplit(row["url"]).netloc.lower()].append(row)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for future in [pool.submit(work, group) for group in hosts.values()]:
                future.result()

    def _error(self, summary: RoundSummary, line: str) -> None:
        with self.lock:
            summary.failures += 1
            summary.errors.append(line)
        if self.on_error:
            self.on_error(line)

    # -- feeds ------------------------------------------------------------

    def _poll(self, feed: dict[str, Any], summary: RoundSummary) -> None:
        now = self.clock.now()
        elapsed = now - _stamp(feed["last_check"]) if feed["last_check"] else None
        unconditional = feed["unconditional_due"] <= 0
        state: dict[str, Any] = {
            "last_check": _iso(now),
            "checks": feed["checks"] + 1,
            "first_check": feed["first_check"] or _iso(now),
        }
        with self.lock:
            summary.feeds_checked += 1
        try:
            response = self.fetcher.get(
                feed["url"],
                None if unconditional else feed["etag"],
                None if unconditional else feed["last_modified"],
            )
            if response.not_modified:
                with self.lock:
                    summary.not_modified += 1
                new = 0
                state.update(last_status="304", last_error=None, error_streak=0)
            else:
                new = self._read(feed, response, now, summary)
                state.update(
                    last_status="200",
                    last_error=None,
                    error_streak=0,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except Exception as error:  # one feed's problem must not stop the round
            error = _as_input_error(error, feed["url"])
            streak = feed["error_streak"] + 1
            retry_after = error.retry_after if isinstance(error, FetchError) else None
            status = str(error.status) if isinstance(error, FetchError) and error.status else "error"
            delay = schedule.jittered(schedule.error_delay(streak, retry_after), self.rng)
            self.store.update_feed(
                feed["id"],
                **state,
                last_status=status,
                last_error=error.problem,
                error_streak=streak,
                next_check=now + delay,
            )
            self._error(summary, str(error))
            return
        interval = schedule.next_interval(feed["interval_s"], elapsed, new)
        state.update(
            interval_s=interval,
            next_check=now + schedule.jittered(interval, self.rng),
            unconditional_due=schedule.UNCONDITIONAL_EVERY
            if unconditional
            else feed["unconditional_due"] - 1,
        )
        self.store.update_feed(feed["id"], **state)

    def _read(self, feed: dict[str, Any], response: Response, now: float, summary: RoundSummary) -> int:
        """Queue what a feed or sitemap lists (or the feeds a home page announces); new URLs queued."""
        listing = read_listing(response.body, feed["url"], now)
        for problem in listing.problems:
            self._error(summary, problem)
        if listing.kind == "home":
            found = listing.feeds + self.fetcher.sitemaps_of(response.final_url)
            if not found:
                raise InputError(
                    feed["url"], "no feed or sitemap found on this page (none announced, none in robots.txt)"
                )
            for url in found:
                self.store.add_feed(feed["source_id"], url, "auto")
            self.store.update_feed(feed["id"], kind="home")
            return 0
        for child in listing.sitemaps:
            if url_key(child) == url_key(feed["url"]):
                self._error(summary, f"{feed['url']}: sitemap index lists itself; ignored")
            else:
                self.store.add_feed(feed["source_id"], child, "auto")
        oldest = now - SITEMAP_MAX_AGE_DAYS * 86400
        rows = [
            {
                "url_key": url_key(item.url),
                "url": item.url,
                "source_id": feed["source_id"],
                "title": item.title,
                "summary": item.summary,
                "published": item.published,
            }
            for item in listing.items
            if listing.kind == "feed" or not item.published or _stamp(item.published) >= oldest
        ]
        with self.store.transaction():
            new = self.store.enqueue(rows)
            self.store.update_feed(feed["id"], kind=listing.kind, new_items=feed["new_items"] + new)
        feed["new_items"] += new
        with self.lock:
            summary.new_urls += new
        return new

    # -- pages ------------------------------------------------------------

    def _fetch_queue(self, summary: RoundSummary) -> None:
        rows = self.store.queued(self.clock.now(), limit=1_000_000)
        if not rows:
            return
        pages: queue.Queue[Page | None] = queue.Queue(maxsize=self.batch_size * 2)
        done = threading.Event()

        def fetch_all() -> None:
            try:
                self._by_host(
                    rows,
                    lambda group: [
                        self._fetch_page(r, pages, summary) for r in group if not self.stop.is_set()
                    ],
                )
            finally:
                done.set()
                pages.put(None)

        thread = threading.Thread(target=fetch_all, name="marsad-fetch", daemon=True)
        thread.start()
        batch: list[Page] = []
        try:
            while True:
                page = pages.get()
                if page is None:
                    break
                batch.append(page)
                if len(batch) >= self.batch_size:
                    self._store_batch(batch, summary)
                    batch = []
            if batch:
                self._store_batch(batch, summary)  # the batch in flight is finished, even when stopping
        except BaseException:
            # Storing failed (a worker process lost, the store gone): the fetchers take no new page and
            # the pages in hand are dropped, still queued, so that the next round fetches them again.
            self.stop.set()
            while pages.get() is not None:
                pass
            raise
        finally:
            thread.join()

    def _fetch_page(
        self, row: dict[str, Any], pages: queue.Queue[Page | None], summary: RoundSummary
    ) -> None:
        from marsad.ingest.files import decode

        url, key = row["url"], row["url_key"]
        response: Response | None = None
        try:
            response = self.fetcher.get(url, max_bytes=PAGE_MAX_BYTES)
            with self.lock:
                summary.pages_fetched += 1
            if response.not_modified:  # never asked conditionally; a server that answers so is wrong
                raise InputError(url, "HTTP 304 to an unconditional request")
            html = decode(response.body, url)
            document = page_document(html, response.final_url, row)
        except Exception as error:  # one page's problem must not stop the round
            error = _as_input_error(error, url)
            transient = isinstance(error, FetchError) and error.transient
            if transient and row["attempts"] + 1 < PAGE_ATTEMPTS:
                delay = max(PAGE_RETRY_S, error.retry_after or 0)
                self.store.finish_url(key, "queued", error=error.problem, not_before=self.clock.now() + delay)
            else:
                self.store.finish_url(key, "failed", error=error.problem)
                if response is not None and response.status == 200:  # kept: a better extractor may read it
                    self.store.put_raw_page(
                        key,
                        response.final_url,
                        200,
                        response.content_type,
                        zlib.compress(response.body, 6),
                        None,
                    )
            self._error(summary, str(error))
            return
        canonical = url_key(document.url or response.final_url)
        if canonical != key and self.store.queue_keys_done([canonical]):
            self.store.finish_url(key, "alias")  # listed under another URL, fetched and stored already
            with self.lock:
                summary.duplicates += 1
            return
        pages.put(Page(row, document, response, canonical))

    def _store_batch(self, batch: list[Page], summary: RoundSummary) -> None:
        from marsad import clean, pipeline

        failed: dict[str, str] = {}

        def report(error: InputError) -> None:
            failed[error.path] = error.problem
            self._error(summary, str(error))

        ids = {}
        for page in batch:
            try:
                ids[page.row["url_key"]] = clean.to_article(page.document).id
            except InputError:
                ids[page.row["url_key"]] = None
        result = pipeline.ingest([p.document for p in batch], self.store, on_error=report, workers=self.analysis)
        with self.lock:
            summary.stored += result.stored
            summary.duplicates += result.duplicates
        with self.store.transaction():
            for page in batch:
                key = page.row["url_key"]
                problem = failed.get(page.document.origin)
                article = None if problem else ids[key]
                self.store.put_raw_page(
                    key,
                    page.response.final_url,
                    page.response.status,
                    page.response.content_type,
                    zlib.compress(page.response.body, 6),
                    article,
                )
                self.store.finish_url(key, "failed" if problem else "done", article_id=article, error=problem)
                if page.canonical_key != key:
                    self.store.add_alias(
                        page.canonical_key,
                        page.document.url or page.response.final_url,
                        page.row["source_id"],
                        article,
                    )
        if self.progress:
            self.progress(len(batch))


def page_document(html: str, final_url: str, row: dict[str, Any]) -> RawDocument:
    """The article of a fetched page: the source's name and country, the page's canonical URL and date
    (the feed's date when the page gives none), the feed's title; a teaser flag when the page's text is
    shorter than the feed's own summary or the page says it is not free to read."""
    from marsad.ingest.html import extract_page

    document = RawDocument(
        origin=row["url"],
        kind="html",
        html=html,
        title=row.get("title"),
        source=Source(name=row.get("source_name"), country=row.get("source_country")),
    )
    extract_page(document)
    canonical = absolute(final_url, document.url) if document.url else final_url
    # the page's own canonical URL, else the URL fetched, without its tracking parameters
    document.url = url_key(canonical if canonical.startswith(("http://", "https://")) else final_url)
    # One article per URL: its id is its canonical URL's key, so a page listed under two URLs, or
    # fetched again after a crash, is the same article (content still finds copies across URLs).
    document.given_id = "a" + hashlib.sha256(url_key(document.url).encode("utf-8")).hexdigest()[:16]
    if not document.published and row.get("published"):
        document.published, document.published_basis = row["published"], "feed"
    summary_words = len((row.get("summary") or "").split())
    document.teaser = bool(_PAYWALL.search(html)) or summary_words > len((document.text or "").split())
    return document


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _stamp(iso: str) -> float:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return 0.0
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def reprocess(
    source: Any,
    target: Any,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[int], None] | None = None,
    workers: Any = None,
) -> Any:
    """Re-extract every kept page of ``source`` and run the pipeline into ``target``; nothing fetched.

    ``workers`` (``marsad.parallel.Workers``) runs stages 3-4 on other processes; the store is the same.

    The sources, their feeds' state and the queue's record of what was fetched are copied first, so
    that collecting into ``target`` goes on where ``source`` stopped.
    """
    from marsad import clean, pipeline
    from marsad.ingest.files import decode

    source_ids = {}
    for row in source.list_sources():
        copied, _ = target.add_source(row["url"], row["name"], row["country"])
        source_ids[row["id"]] = copied["id"]
        for feed in row["feeds"]:
            target.add_feed(copied["id"], feed["url"], feed["kind"])
    for feed in source.list_feeds():
        copied = next(f for f in target.list_feeds() if f["url"] == feed["url"])
        target.update_feed(copied["id"], **{k: feed[k] for k in FEED_STATE})
    pages: list[tuple[dict[str, Any], RawDocument | None]] = []

    def documents() -> Any:
        for page in source.iter_raw_pages():
            row = {
                **page,
                "source_id": source_ids.get(page.get("source_id")),
                "url": page.get("listed_url") or page["url"],
            }
            try:
                html = decode(zlib.decompress(page["body"]), page["url"])
                document = page_document(html, page["url"], row)
                document.given_id = page["article_id"] or document.given_id  # same id as before
            except InputError as error:
                pages.append((row, None))
                yield error
                continue
            pages.append((row, document))
            yield document

    summary = pipeline.ingest(documents(), target, on_error=on_error, progress=progress, workers=workers)
    with target.transaction():
        for row, document in pages:
            article = clean.to_article(document).id if document is not None else None
            target.enqueue(
                [
                    {
                        "url_key": row["url_key"],
                        "url": row["url"],
                        "source_id": row["source_id"],
                        "title": row.get("title"),
                        "summary": row.get("summary"),
                        "published": row.get("published"),
                    }
                ]
            )
            target.finish_url(row["url_key"], "done" if article else "failed", article_id=article)
            target.put_raw_page(
                row["url_key"], row["page_url"], row["status"], row["content_type"], row["body"], article
            )
    return summary


def _as_input_error(error: Exception, url: str) -> InputError:
    """An InputError as it is; anything else (a parser crash on a strange page) as one line naming the URL."""
    if isinstance(error, InputError):
        return error
    if not isinstance(error, ValueError | LookupError | TypeError | AttributeError | OSError | ArithmeticError):
        raise error  # a programming error or an interrupt is not the site's fault
    return InputError(url, f"could not be read ({type(error).__name__}: {error})")
