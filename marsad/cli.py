"""The ``marsad`` command line: each command parses, calls the pipeline or the store, renders."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click

from marsad.errors import InputError, MarsadError

# Each command imports what it uses when it runs, so that --help, --version and the
# reading commands start without the pipeline's models, datasketch, scipy and trafilatura.
if TYPE_CHECKING:
    from marsad import parallel, pipeline
    from marsad.store import Store


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--db URL`` on every command; the store is opened and closed around the command."""

    @click.option(
        "--db",
        "db_url",
        default=None,
        metavar="URL",
        help="Store: a SQLite path or postgresql://… (default: $MARSAD_DB, else ./marsad.db).",
    )
    @functools.wraps(command)
    def wrapper(db_url: str | None, **kwargs: Any) -> Any:
        from marsad.store import default_url, open_store

        try:
            store = open_store(db_url or default_url())
        except MarsadError as error:
            raise click.ClickException(str(error)) from error
        try:
            return command(store=store, **kwargs)
        finally:
            store.close()

    return wrapper


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per line.")(command)


def limit_option(default: int | None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--limit", type=click.IntRange(min=1), default=default, show_default=True,
                        help="At most this many rows.")


def largest_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--largest", is_flag=True, help="Most articles first (then most recent).")(command)


@click.group()
@click.version_option(package_name="marsad")
def cli() -> None:
    """Marsad (مرصد): Arabic news intelligence — ingest, deduplicate, group, resolve entities, score."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Processes that read and analyse articles (stages 1-4) on this machine; one writer.")
@click.option("--ray", "ray_address", default=None, metavar="ADDRESS",
              help="Read and analyse on the Ray cluster at ADDRESS (host:port, auto, or local for a Ray of "
                   "this machine alone); needs marsad[ray].")
@db_option
def ingest(store: Store, inputs: tuple[str, ...], silent: bool, workers: int, ray_address: str | None) -> None:
    """Read INPUTS (files, folders, - for stdin), run the pipeline and store the articles.

    Files may be compressed (.gz, .xz, .bz2): articles.jsonl.gz is read as JSON Lines.
    With --workers N or --ray, reading and per-article analysis run in parallel; resolution,
    grouping, scoring and writing stay in this process, in input order, so the store is the same.

    \b
    Example:
        marsad ingest news/ feed.rss page.html dump.txt
        read 120, stored 118, duplicates 2, failed 0 (copies of earlier articles among the stored: 9)
        marsad ingest --workers 4 archive/
    """
    from marsad import parallel, pipeline

    try:
        with parallel.open_workers(workers, ray_address, pipeline.warm_up) as pool:
            summary = _run_ingest(store, pipeline.read(inputs, pool), silent, pool)
    except (parallel.WorkerLost, parallel.WorkersUnavailable) as error:
        raise click.ClickException(str(error)) from error
    click.echo(summary.line(), err=True)
    if summary.failed:
        sys.exit(1)


def _run_ingest(
    store: Store, items: Iterable[Any], silent: bool, workers: parallel.Workers | None = None
) -> pipeline.IngestSummary:
    from marsad import pipeline

    with _progress(silent) as bar:
        return pipeline.ingest(items, store, on_error=_report, progress=bar.update, workers=workers)


def _progress(silent: bool) -> Any:
    from tqdm import tqdm

    return tqdm(unit=" docs", disable=silent or not sys.stderr.isatty(), file=sys.stderr, leave=False)


def _report(error: InputError) -> None:
    from marsad.errors import InputNotice

    click.echo(f"{'warning' if isinstance(error, InputNotice) else 'error'}: {error}", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@json_option
def analyze(inputs: tuple[str, ...], as_json: bool) -> None:
    """Run the pipeline over INPUTS as if into an empty store and print the articles; store nothing."""
    failed = []

    def report(error: InputError) -> None:
        from marsad.errors import InputNotice

        if not isinstance(error, InputNotice):
            failed.append(error)
        _report(error)

    from marsad import pipeline

    articles = pipeline.analyze(inputs, on_error=report)
    _render([a.as_dict() for a in articles], as_json, _article_row, ARTICLE_HEADER)
    if failed:
        sys.exit(1)


@cli.command()
@json_option
@limit_option(50)
@db_option
def articles(store: Store, as_json: bool, limit: int) -> None:
    """Stored articles, newest first."""
    _render([a.as_dict() for a in store.list_articles(limit=limit)], as_json, _article_row, ARTICLE_HEADER)


@cli.command()
@click.argument("article_id")
@json_option
@db_option
def article(store: Store, article_id: str, as_json: bool) -> None:
    """One article by ID."""
    found = store.get_article(article_id)
    if found is None:
        raise click.ClickException(f"{article_id}: no such article")
    if as_json:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False))
    else:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))


@cli.command()
@json_option
@limit_option(None)
@db_option
@largest_option
def events(store: Store, as_json: bool, limit: int | None, largest: bool) -> None:
    """Every event, most recent first (--largest: most articles first)."""
    rows = [e.as_dict() for e in store.list_events(limit=limit, largest=largest)]
    _render(rows, as_json, lambda e: [e["date"] or "", len(e["articles"]), len(e["sources"]), e["title"]],
            ["date", "articles", "sources", "title"])


@cli.command()
@json_option
@limit_option(None)
@db_option
@largest_option
def stories(store: Store, as_json: bool, limit: int | None, largest: bool) -> None:
    """Every story, most recent first (--largest: most articles first)."""
    rows = [s.as_dict() for s in store.list_stories(limit=limit, largest=largest)]
    _render(rows, as_json, lambda s: [s["first_date"] or "", s["last_date"] or "", len(s["events"]),
                                      len(s["articles"]), s["title"]],
            ["first_date", "last_date", "events", "articles", "title"])


@cli.command()
@json_option
@limit_option(None)
@db_option
def entities(store: Store, as_json: bool, limit: int | None) -> None:
    """Every canonical entity, most mentioned first."""
    rows = [e.as_dict() for e in store.list_entities(limit=limit)]
    _render(rows, as_json, lambda e: [e["type"], e["mentions"], e["name"], " / ".join(e["variants"][:5])],
            ["type", "mentions", "name", "variants"])


@cli.command()
@click.argument("query")
@json_option
@limit_option(20)
@db_option
def search(store: Store, query: str, as_json: bool, limit: int) -> None:
    """Articles matching QUERY, best first (أ finds ا, المغرب finds بالمغرب)."""
    from marsad.search import search as search_articles

    hits = search_articles(store, query, limit=limit)
    rows = [{**hit.article.as_dict(), "rank": hit.rank, "snippet": hit.snippet} for hit in hits]
    _render(rows, as_json, lambda r: [r["id"], (r["published"] or "")[:10], r["snippet"]],
            ["id", "published", "snippet"])


@cli.command()
@json_option
@limit_option(50)
@db_option
def citations(store: Store, as_json: bool, limit: int) -> None:
    """Who cites whom: which outlet cites which outlet, agency, official or unnamed source.

    \b
    Example:
        marsad citations --limit 3
        سكاي نيوز عربية  ->  رويترز  (agency)  14 articles
    """
    from marsad.scoring import citation_edges

    edges = citation_edges(store.iter_articles())[:limit]
    rows = [{"outlet": o, "cites": cited, "kind": kind, "articles": n} for o, cited, kind, n in edges]
    _render(rows, as_json, lambda r: [r["outlet"], "->", r["cites"], f"({r['kind']})", r["articles"]],
            ["outlet", "", "cites", "kind", "articles"])


def _register_collection() -> None:
    from marsad.cli_collect import register

    register(cli, db_option, json_option, citations)


_register_collection()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--db", "db_url", default=None, metavar="URL", help="Store (default: $MARSAD_DB, else ./marsad.db).")
def serve(host: str, port: int, db_url: str | None) -> None:
    """Serve the web UI and the HTTP API."""
    from marsad.store import default_url

    _check_port(host, port)
    _serve(db_url or default_url(), host, port)


def _check_port(host: str, port: int) -> None:
    """Stop at once with one line when ``host:port`` cannot be listened on (taken, or not ours)."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({error.strerror or error}); choose another with --port"
        ) from error


def _serve(db_url: str, host: str, port: int) -> None:
    import uvicorn

    from marsad import config
    from marsad.api import create_app

    click.echo(f"Marsad at http://{host}:{port}/  (API under /api/, store {db_url})", err=True)
    # SIGTERM: requests in flight get SHUTDOWN_WAIT_S to finish; a batch still being written
    # after that is rolled back by SQLite when the process ends (nothing half-written stays).
    import logging

    logging.getLogger("uvicorn.error").addFilter(_CancelledAtShutdown())
    uvicorn.run(create_app(db_url, allowed_hosts=_allowed_hosts(host)), host=host, port=port,
                log_level="warning", timeout_graceful_shutdown=config.SHUTDOWN_WAIT_S)


class _CancelledAtShutdown:
    """A request cancelled because the server stops is one line, not a traceback."""

    def filter(self, record: Any) -> bool:
        import asyncio

        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg, record.args, record.exc_info = (
                "stopping: a request still running was cancelled; a batch it was writing is rolled back", (), None)
        return True


def _allowed_hosts(host: str) -> list[str] | None:
    """$MARSAD_ALLOWED_HOSTS, else the loopback names and the address served (any, on 0.0.0.0 or ::)."""
    import os

    from marsad import config

    if os.environ.get(config.ALLOWED_HOSTS_VARIABLE):
        return [h.strip() for h in os.environ[config.ALLOWED_HOSTS_VARIABLE].split(",") if h.strip()]
    if host in ("0.0.0.0", "::", ""):
        click.echo(f"note: answering any Host name; set {config.ALLOWED_HOSTS_VARIABLE} to the names served",
                   err=True)
        return None
    return sorted({"localhost", "127.0.0.1", "::1", host.strip("[]").lower()})


@cli.command("copy")
@click.argument("source")
@click.argument("target")
@click.option("--silent", is_flag=True, help="No progress bar.")
def copy_command(source: str, target: str, silent: bool) -> None:
    """Copy a whole store into an empty one (SQLite path or postgresql://…), nothing re-analysed."""
    from marsad.moving import copy_store
    from marsad.store import open_store
    from marsad.store.postgres_urls import safe_url

    try:
        origin = open_store(source)
        try:
            destination = open_store(target)
            try:
                with _progress(silent) as bar:
                    copied = copy_store(origin, destination, safe_url(target), progress=bar.update)
            finally:
                destination.close()
        finally:
            origin.close()
    except MarsadError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"copied {copied} articles from {safe_url(source)} to {safe_url(target)}", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--db", "db_url", default="marsad-demo.db", show_default=True, metavar="URL",
              help="Where to build the demo store (replaced if it exists).")
@click.option("--no-serve", is_flag=True, help="Build the store and exit.")
def demo(host: str, port: int, db_url: str, no_serve: bool) -> None:
    """Ingest the bundled sample corpus into a fresh store and serve it."""
    from marsad.demo import fresh_store, sample_path
    from marsad.ingest import read_inputs

    if not no_serve:
        _check_port(host, port)  # before the build, not half a minute later
    store = fresh_store(db_url)
    try:
        summary = _run_ingest(store, read_inputs([str(sample_path())]), silent=False)
    finally:
        store.close()
    click.echo(summary.line(), err=True)
    if not no_serve:
        _serve(db_url, host, port)


ARTICLE_HEADER = ["id", "published", "outlet", "category", "event", "title"]


def _article_row(a: dict[str, Any]) -> list[Any]:
    return [a["id"], (a["published"] or "")[:10], a["source"]["name"] or "", a["category"],
            a["event"] or "", a["title"] or a["text"][:60]]


def _render(
    rows: list[dict[str, Any]], as_json: bool, columns: Callable[[dict[str, Any]], list[Any]], header: list[str],
) -> None:
    """JSON Lines under --json, else a header line and one tab-separated line per row."""
    if rows and not as_json:
        click.echo("\t".join(header))
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo("\t".join(str(value) for value in columns(row)))


def main() -> None:
    """Entry point: every MarsadError becomes a one-line message and exit status 1."""
    try:
        cli(standalone_mode=True)
    except MarsadError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
