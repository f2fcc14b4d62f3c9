"""Collection speed and politeness against a local server: feeds polled and pages stored per second.

A second process serves FEEDS RSS feeds spread over HOSTS hosts (127.0.0.1 … 127.0.0.HOSTS, one
listening socket each, all loopback), ITEMS article pages per feed (the demo corpus's articles
rendered as pages with navigation and footer, synthetic Arabic paragraphs when ../shared is
missing), ETags on every feed.  Marsad collects one round into a fresh store (polls every feed,
fetches, extracts and runs the whole pipeline on every page), then a second round with every feed
due and nothing changed.  Printed: feeds polled per second (the first round's wall, pages and
pipeline included, and the second round's, polls alone: at most HOSTS / INTERVAL requests a
second by design), pages fetched and stored per second (wall), CPU seconds per page (this process only: the server's CPU is its own), peak RSS, the share
of 304s in the second round (≥ 90 % wanted) and politeness violations: two requests to one host
closer than its interval as the server saw them arrive (0 wanted; the client's own count and the
smallest gaps are printed beside it).

Default: a short run for a busy laptop (40 feeds on 8 hosts, 5 items each).
The size of the issue: --feeds 1000 --hosts 200 --items 50 (50,000 pages; about an hour of CPU).

Usage: nice python bench/collect.py [--feeds N] [--hosts N] [--items N] [--interval S] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import multiprocessing
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import cpu_seconds, load, peak_rss_mb  # noqa: E402

CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"
)


def load_articles(count: int) -> list[dict]:
    rows: list[dict] = []
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
            for line in stream:
                rows.append(json.loads(line))
                if len(rows) >= count:
                    break
    while len(rows) < count:  # synthetic, when the corpus is missing or smaller than asked
        n = len(rows)
        rows.append(
            {
                "title": f"خبر رقم {n} عن الاقتصاد",
                "text": "\n".join(
                    f"قال مسؤول في وزارة المالية إن الإيرادات ارتفعت بنسبة {n % 90 + i} في المئة خلال الربع {i} من العام"
                    for i in range(1, 6)
                ),
            }
        )
    return rows


def page(row: dict, number: int) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in row["text"].split("\n") if p.strip())
    title = html.escape(row.get("title") or f"خبر {number}")
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav><article><h1>{title}</h1>'
        f"{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode()


def feed(host: str, port: int, feed_number: int, items: int) -> bytes:
    entries = "".join(
        f"<item><title>خبر {feed_number}-{i}</title><link>http://{host}:{port}/p/{feed_number}/{i}.html</link>"
        f"<pubDate>Mon, 14 May 2018 10:{i % 60:02d}:00 GMT</pubDate></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>منفذ {feed_number}</title>'
        f"{entries}</channel></rss>"
    ).encode()


def serve(
    hosts: list[str], port: int, feeds: int, items: int, ready: object, done: object, out: object
) -> None:
    """The server process: every host on its own socket; every request's arrival time kept per host."""
    articles = load_articles(feeds * items)
    arrivals: dict[str, list[float]] = {h: [] for h in hosts}
    statuses: list[int] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            host = self.server.server_address[0]
            with lock:
                arrivals[host].append(time.monotonic())
            parts = self.path.strip("/").split("/")
            body, status, etag = b"", 404, None
            if parts[0] == "feed":
                number = int(parts[1].removesuffix(".xml"))
                etag = f'"f{number}"'
                if self.headers.get("If-None-Match") == etag:
                    status = 304
                else:
                    status, body = 200, feed(host, port, number, items)
            elif parts[0] == "p":
                status, body = (
                    200,
                    page(
                        articles[int(parts[1]) * items + int(parts[2].removesuffix(".html"))], int(parts[1])
                    ),
                )
            with lock:
                statuses.append(status)
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            self.send_header(
                "Content-Type", "application/rss+xml" if parts[0] == "feed" else "text/html; charset=utf-8"
            )
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = []
    for host in hosts:
        server = ThreadingHTTPServer((host, port), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    ready.set()
    done.wait()
    out.send({"arrivals": arrivals})
    for server in servers:
        server.shutdown()


def gaps(times: dict[str, list[float]]) -> list[float]:
    """Seconds between consecutive requests to the same host."""
    return [b - a for moments in times.values() for a, b in pairwise(sorted(moments))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument(
        "--interval", type=float, default=0.2, help="seconds between two requests to one host"
    )
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.hosts <= 250:
        sys.exit("--hosts: 1 to 250 (one loopback address each)")

    from marsad.collect.clock import SystemClock
    from marsad.collect.collector import Collector
    from marsad.collect.fetch import Fetcher, Policy
    from marsad.store import open_store

    hosts = [f"127.0.0.{n}" for n in range(1, args.hosts + 1)]
    port = free_port()
    ready, done = multiprocessing.Event(), multiprocessing.Event()
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(
        target=serve, args=(hosts, port, args.feeds, args.items, ready, done, send), daemon=True
    )
    server.start()
    ready.wait(60)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "collect.db"))
        for number in range(args.feeds):
            store.add_source(
                f"http://{hosts[number % len(hosts)]}:{port}/feed/{number}.xml", f"منفذ {number}", "MA"
            )
        clock = SystemClock()
        errors: list[str] = []
        fetcher = Fetcher(Policy(allow_private=True, host_interval=args.interval), clock)
        sent: dict[str, list[float]] = {}  # when each request left, per host, as the client saw it
        fetcher.client.event_hooks["request"].append(
            lambda request: sent.setdefault(request.url.host, []).append(time.monotonic())
        )
        collector = Collector(store, fetcher, clock, workers=args.workers, on_error=errors.append)
        cpu, wall = cpu_seconds(), time.perf_counter()
        first = collector.run_round()
        cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
        for row in store.list_feeds():  # every feed due again, nothing changed on the server
            store.update_feed(row["id"], next_check=0)
        wall2 = time.perf_counter()
        second = collector.run_round()
        wall2 = time.perf_counter() - wall2
        store.close()
    done.set()
    arrivals = receive.recv()["arrivals"]
    server.join(10)
    client_gaps = gaps(sent)
    server_gaps = gaps(arrivals)
    pages = first.pages_fetched
    figures = {
        "feeds": args.feeds,
        "hosts": args.hosts,
        "items_per_feed": args.items,
        "host_interval_s": args.interval,
        "round1_wall_s": round(wall, 2),
        "round1_cpu_s": round(cpu, 2),
        "feeds_polled_per_s_round1": round(first.feeds_checked / wall, 2),  # the round's wall: pages included
        "feeds_polled_per_s_round2": round(second.feeds_checked / wall2, 2) if wall2 else None,
        "pages_stored_per_s": round(first.stored / wall, 2),
        "pages_fetched": pages,
        "articles_stored": first.stored,
        "failures": first.failures + second.failures,
        "cpu_ms_per_page": round(1000 * cpu / pages, 1) if pages else None,
        "round2_feeds": second.feeds_checked,
        "round2_304_share": round(second.not_modified / second.feeds_checked, 3)
        if second.feeds_checked
        else None,
        "round2_wall_s": round(wall2, 2),
        "politeness_violations": sum(1 for g in server_gaps if g < args.interval),
        "min_gap_sent_s": round(min(client_gaps), 3) if client_gaps else None,
        "violations_as_sent": sum(1 for g in client_gaps if g < args.interval),
        "min_gap_seen_s": round(min(server_gaps), 3) if server_gaps else None,
        "requests_seen": sum(len(t) for t in arrivals.values()),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "load": load(),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for name, value in figures.items():
            print(f"{name:24} {value}")
    for line in errors[:5]:
        print(f"error: {line}", file=sys.stderr)


if __name__ == "__main__":
    main()
