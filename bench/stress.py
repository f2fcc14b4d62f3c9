"""Stress: two writers at once, concurrent duplicate POSTs, 100 readers, and adversarial text.

1. Two `marsad ingest` processes of one file into one store, against one clean ingest of it:
   articles lost, articles without their event or story, tracebacks, and whether the two stores
   are equal (every article's event, story, copy link and scores; every event's and story's members).
2. 50 concurrent `POST /api/articles` to a real server on loopback, 25 records each sent twice:
   statuses, 5xx, articles stored, unlinked.
3. 100 clients reading the home page (or --page) on loopback (each: a request, then a pause of about --think
   seconds, starting at a random moment of the first; --lockstep: all at once, exactly --think), against one
   client alone: requests/s, p50/p95/p99, errors, and the CPU per request of the server (its own process)
   and of the clients (one asyncio loop in this process, keep-alive HTTP/1.1 over asyncio streams).
4. One article POSTed into an event of 10, 100 and 800 members (reports of one happening from the
   demo sample's first article, one outlet each): CPU per POSTed article, and the part of it spent
   re-scoring, beside the machine's load.
5. The whole pipeline over adversarial texts (digit runs, punctuation runs, one long word, mixed
   scripts) against ordinary Arabic text of the same length: the worst CPU-time ratio.

Uses the bundled demo sample (marsad/demo/sample.jsonl).  Prints the machine's load beside each part.

Usage: nice python bench/stress.py [--articles 60] [--clients 100] [--requests 5] [--think 1.0]
       [--lockstep] [--revalidate] [--sizes 10,100,800] [--only writers|posts|reads|growth|text] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import load  # noqa: E402
from bench.store_state import snapshot, unlinked  # noqa: E402
from marsad.demo import sample_path  # noqa: E402

MARSAD = [sys.executable, "-m", "marsad"]


def two_writers(folder: Path, count: int) -> dict[str, Any]:
    lines = sample_path().read_text("utf-8").splitlines()[:count]
    source = folder / "sample.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    env = {**os.environ, "MARSAD_INGEST_BATCH": "10"}
    clean, racing = folder / "clean.db", folder / "racing.db"
    subprocess.run(
        [*MARSAD, "ingest", "--silent", "--db", str(clean), str(source)],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run([*MARSAD, "articles", "--db", str(racing)], env=env, check=True, capture_output=True)
    started = time.monotonic()
    runs = [
        subprocess.Popen(
            [*MARSAD, "ingest", "--silent", "--db", str(racing), str(source)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = [run.communicate()[1] for run in runs]
    wall = time.monotonic() - started
    expected, got = snapshot(clean), snapshot(racing)
    return {
        "articles": count,
        "stored_by_each": [e.strip().splitlines()[-1] if e.strip() else "" for e in errors],
        "lost": len(set(expected["articles"]) - set(got["articles"])),
        "unlinked": unlinked(got),
        "tracebacks": sum(e.count("Traceback") for e in errors),
        "equal_to_one_clean_ingest": got == expected,
        "integrity": got["integrity"],
        "wall_s": round(wall, 1),
        "load": load(),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    server = subprocess.Popen(
        [*MARSAD, "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the server did not start")


def duplicate_posts(folder: Path, distinct: int) -> dict[str, Any]:
    records = [json.loads(line) for line in sample_path().read_text("utf-8").splitlines()[:distinct]]
    db = folder / "posts.db"
    server, url = _serve(db)
    try:
        with ThreadPoolExecutor(max_workers=2 * distinct) as pool:
            answers = list(
                pool.map(lambda r: httpx.post(f"{url}/api/articles", json=r, timeout=600), records * 2)
            )
    finally:
        server.terminate()
        err = server.communicate(timeout=60)[1]
    state = snapshot(db)
    statuses: dict[int, int] = {}
    for answer in answers:
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    return {
        "posts": len(answers),
        "distinct_records": distinct,
        "statuses": statuses,
        "5xx": sum(n for s, n in statuses.items() if s >= 500),
        "stored": len(state["articles"]),
        "reported_stored": sum(a.json().get("stored", 0) for a in answers if a.status_code < 300),
        "unlinked": unlinked(state),
        "tracebacks": err.count("Traceback"),
        "integrity": state["integrity"],
        "load": load(),
    }


class _Connection:
    """A keep-alive HTTP/1.1 connection over asyncio streams: the cheapest client there is, so that
    the crowd's latency measures the server more than the client (both share the machine)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, etag: str | None = None) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        extra = f"If-None-Match: {etag}\r\n" if etag else ""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{extra}\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        if headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                body += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            await self.close()
        return status, headers, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def _client(
    url: str, requests: int, think: float, latencies: list[float], errors: list[str],
    jitter: random.Random | None = None, revalidate: bool = False,
) -> None:
    """One reader: a request, then ``think`` seconds, ``requests`` times.  With ``jitter`` the reader
    starts at a random moment of the first ``think`` seconds and thinks 0.5-1.5 × ``think`` (so that
    100 readers are not 100 requests in the same millisecond every second); with ``revalidate`` it
    sends the page's ETag back as a browser does (a 304 then counts as an answer)."""
    address = httpx.URL(url)
    path = address.raw_path.decode("ascii")
    connection = _Connection(address.host, address.port or 80)
    etag = None
    if jitter is not None:
        await asyncio.sleep(jitter.uniform(0, think))
    try:
        for _ in range(requests):
            started = time.monotonic()
            try:
                status, headers, _ = await connection.get(path, etag if revalidate else None)
                etag = headers.get("etag", etag)
                if status >= 400:
                    errors.append(str(status))
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                errors.append(type(error).__name__)
                await connection.close()
            latencies.append(time.monotonic() - started)
            await asyncio.sleep(think * jitter.uniform(0.5, 1.5) if jitter is not None else think)
    finally:
        await connection.close()


def _percentiles(latencies: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
    }


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of another process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_load(
    folder: Path, clients: int, requests: int, think: float, articles: int, page: str = "/",
    lockstep: bool = False, revalidate: bool = False,
) -> dict[str, Any]:
    """The server in its own process; the readers in this one, on one asyncio loop.  The CPU of
    each side per request is printed with the latencies: both share the machine's cores."""
    db = folder / "clean.db"
    if not db.exists():
        subprocess.run(
            [*MARSAD, "ingest", "--silent", "--db", str(db), str(folder / "sample.jsonl")], check=True
        )
    server, url = _serve(db)
    try:
        alone: list[float] = []
        alone_errors: list[str] = []
        asyncio.run(_client(f"{url}{page}", 10, 0.0, [], alone_errors))  # the page rendered and kept
        asyncio.run(_client(f"{url}{page}", 50, 0.0, alone, alone_errors, revalidate=revalidate))
        latencies: list[float] = []
        errors: list[str] = []
        server_cpu, client_cpu = _process_cpu(server.pid), time.process_time()
        started = time.monotonic()

        async def crowd() -> None:
            jitters = [None if lockstep else random.Random(n) for n in range(clients)]
            await asyncio.gather(
                *(_client(f"{url}{page}", requests, think, latencies, errors, j, revalidate) for j in jitters)
            )

        asyncio.run(crowd())
        wall = time.monotonic() - started
        server_cpu, client_cpu = _process_cpu(server.pid) - server_cpu, time.process_time() - client_cpu
    finally:
        server.terminate()
        server.wait(timeout=60)
    one, many = _percentiles(alone), _percentiles(latencies)
    return {
        "page": page,
        "store_articles": articles,
        "clients": clients,
        "think_s": think,
        "arrivals": "lockstep" if lockstep else "staggered",
        "revalidate": revalidate,
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / wall, 1),
        **many,
        "errors": len(errors) + len(alone_errors),
        "single_client": one,
        "p95_ratio": round(many["p95_ms"] / max(one["p95_ms"], 0.1), 1),
        "server_cpu_ms_per_request": round(server_cpu / len(latencies) * 1000, 2),
        "client_cpu_ms_per_request": round(client_cpu / len(latencies) * 1000, 2),
        "load": load(),
    }


def growth(folder: Path, sizes: list[int], posts: int = 3) -> dict[str, Any]:
    """CPU per article POSTed into an event of each size: the whole write (what ``POST
    /api/articles`` runs once the body is read) and its re-scoring part (``pipeline.rescore``)."""
    from marsad import pipeline
    from marsad.model import RawDocument, Source
    from marsad.store import open_store

    lead = json.loads(sample_path().read_text("utf-8").splitlines()[0])

    def report(i: int) -> RawDocument:
        text = f"{lead['text']}\nوأضاف مراسل المنفذ رقم {i} أن التحقيق في القضية رقم {i * 7919} مستمر."
        return RawDocument(
            origin=f"report{i}",
            kind="jsonl",
            text=text,
            title=lead["title"],
            given_id=f"report-{i}",
            published=f"2018-05-07T{i // 60 % 24:02d}:{i % 60:02d}:00+00:00",
            source=Source(name=f"منفذ {i % 50}"),
        )

    rescoring = [0.0]
    rescore = pipeline.rescore

    def timed(*args: Any) -> Any:
        started = time.process_time()
        try:
            return rescore(*args)
        finally:
            rescoring[0] += time.process_time() - started

    pipeline.rescore = timed  # type: ignore[assignment]
    figures: dict[str, Any] = {}
    try:
        for size in sizes:
            store = open_store(str(folder / f"growth-{size}.db"))
            pipeline.ingest((report(i) for i in range(size)), store)
            members = max(len(e.articles) for e in store.list_events(limit=None))
            totals, parts = [], []
            for k in range(posts):
                rescoring[0] = 0.0
                started = time.process_time()
                pipeline.ingest([report(size + k)], store)
                totals.append(time.process_time() - started)
                parts.append(rescoring[0])
            store.close()
            figures[f"event_{size}"] = {
                "members": members,
                "cpu_ms_per_post": round(statistics.median(totals) * 1000, 1),
                "rescoring_cpu_ms": round(statistics.median(parts) * 1000, 1),
                "load": load(),
            }
    finally:
        pipeline.rescore = rescore  # type: ignore[assignment]
    return figures


def adversarial(length: int) -> dict[str, Any]:
    from marsad import pipeline
    from marsad.model import RawDocument, Source
    from marsad.store import open_store

    def cpu(text: str) -> float:
        reports = [
            RawDocument(
                origin=o,
                kind="text",
                text=text,
                title="خبر",
                url=f"https://{o}.example/1",
                published=f"2024-01-01T1{n}:00:00",
                source=Source(name=o),
            )
            for n, o in enumerate(("a", "b"))
        ]
        store = open_store(":memory:")
        started = time.process_time()
        pipeline.ingest(reports, store)
        spent = time.process_time() - started
        store.close()
        return spent

    plain_text = ""
    for line in sample_path().read_text("utf-8").splitlines():
        plain_text += json.loads(line)["text"] + "\n"
        if len(plain_text) >= length:
            break
    plain_text = plain_text[:length]
    cases = {
        "digit run": "1" * length,
        "4,000-digit runs before a count noun": (("1" * 4000 + " قتيلا ") * (length // 4000 + 1))[:length],
        "count noun, then Arabic-Indic digits": "مقتل " + "٣" * (length - 5),
        "repeated punctuation": "!" * length,
        "dots": "." * length,
        "one long word": "ب" * length,
        "mixed scripts": ("aب1،" * length)[:length],
        "dates back to back": ("2020-01-01 " * length)[:length],
        "reporting verbs": ("قال " * length)[:length],
    }
    cpu(plain_text[:2000])  # models loaded before timing
    plain = min(cpu(plain_text) for _ in range(3))
    ratios = {name: round(cpu(text) / plain, 2) for name, text in cases.items()}
    worst = max(ratios, key=ratios.__getitem__)
    return {
        "length": length,
        "plain_cpu_s": round(plain, 3),
        "ratios": ratios,
        "worst": worst,
        "worst_ratio": ratios[worst],
        "load": load(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, default=60, help="articles of the demo sample for the two writers"
    )
    parser.add_argument("--posts", type=int, default=25, help="distinct records, each POSTed twice at once")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=5, help="requests per client")
    parser.add_argument("--think", type=float, default=1.0, help="seconds each client waits between requests")
    parser.add_argument("--length", type=int, default=20_000, help="characters of each adversarial text")
    parser.add_argument(
        "--page", default="/", help="the page the read load asks for (/healthz: the server's floor)"
    )
    parser.add_argument(
        "--lockstep", action="store_true", help="all readers start at once and think exactly --think seconds"
    )
    parser.add_argument("--revalidate", action="store_true", help="readers send the page's ETag back")
    parser.add_argument("--sizes", default="10,100,800", help="event sizes for the growth part")
    parser.add_argument("--only", choices=["writers", "posts", "reads", "growth", "text"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.only in (None, "writers", "reads"):
            report["two_writers"] = two_writers(work, args.articles)
            _show("two writers", report["two_writers"], args.json)
        if args.only in (None, "posts"):
            report["duplicate_posts"] = duplicate_posts(work, args.posts)
            _show("concurrent duplicate POSTs", report["duplicate_posts"], args.json)
        if args.only in (None, "reads"):
            report["reads"] = read_load(
                work, args.clients, args.requests, args.think, args.articles, args.page, args.lockstep,
                args.revalidate,
            )
            _show("read load", report["reads"], args.json)
        if args.only in (None, "growth"):
            report["growth"] = growth(work, [int(n) for n in args.sizes.split(",")])
            for name, figures in report["growth"].items():
                _show(f"POST into an {name.replace('_', ' of ')}", figures, args.json)
        if args.only in (None, "text"):
            report["adversarial_text"] = adversarial(args.length)
            _show("adversarial text", report["adversarial_text"], args.json)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))


def _show(title: str, figures: dict[str, Any], as_json: bool) -> None:
    if not as_json:
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
