"""The collection commands: ``sources`` (add, list, remove, import, export), ``collect``, ``reprocess``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from marsad.errors import InputError, MarsadError

if TYPE_CHECKING:
    from marsad.store import Store

ALLOW_PRIVATE_HELP = (
    "Fetch from loopback and private addresses too (also MARSAD_ALLOW_PRIVATE=1); "
    "for a server on your own network."
)


def register(cli: click.Group, db_option: Any, json_option: Any, citations: click.Command) -> None:
    """Add the collection commands to ``cli``; ``citations`` is what ``sources`` alone used to show."""

    @cli.group(invoke_without_command=True)
    @click.option("--json", "as_json", is_flag=True, hidden=True)
    @click.option("--limit", type=click.IntRange(min=1), default=50, hidden=True)
    @click.option("--db", "db_url", default=None, metavar="URL", hidden=True)
    @click.pass_context
    def sources(ctx: click.Context, as_json: bool, limit: int, db_url: str | None) -> None:
        """The outlets Marsad follows: add, list, remove, import, export.

        \b
        Examples:
            marsad sources add https://www.hespress.com/feed --name "هسبريس" --country MA
            marsad sources add https://www.aljazeera.net/ --name "الجزيرة" --country QA
            marsad sources import outlets.opml
            marsad sources list

        (``marsad sources`` with no subcommand still prints the citation table, now ``marsad citations``.)
        """
        if ctx.invoked_subcommand is None:
            click.echo(
                "note: the citation table is now `marsad citations`; `marsad sources` alone will stop "
                "showing it",
                err=True,
            )
            ctx.invoke(citations, as_json=as_json, limit=limit, db_url=db_url)

    @sources.command("add")
    @click.argument("url")
    @click.option("--name", default=None, help="The outlet's name, given to every article collected from it.")
    @click.option("--country", default=None, help="The outlet's country (e.g. MA, EG, SA).")
    @click.option("--allow-private", is_flag=True, help=ALLOW_PRIVATE_HELP)
    @db_option
    def sources_add(
        store: Store, url: str, name: str | None, country: str | None, allow_private: bool
    ) -> None:
        """Follow URL: an RSS/Atom feed, a news sitemap or sitemap index, or an outlet's home page.

        What it is is found at the first `marsad collect` (a home page: its feeds are discovered then).
        """
        _add(store, url, name, country, allow_private)

    @sources.command("list")
    @json_option
    @db_option
    def sources_list(store: Store, as_json: bool) -> None:
        """Every source with its feeds' health: last check and status, new items a day, errors, next check."""
        from marsad.collect.sources import source_view

        views = [source_view(s, time.time()) for s in store.list_sources()]
        if as_json:
            for view in views:
                click.echo(json.dumps(view, ensure_ascii=False))
            return
        if views:
            click.echo(
                "\t".join(
                    [
                        "id",
                        "name",
                        "country",
                        "feed",
                        "kind",
                        "last_check",
                        "status",
                        "new/day",
                        "errors",
                        "next_check",
                    ]
                )
            )
        for view in views:
            for feed in view["feeds"] or [{}]:
                click.echo(
                    "\t".join(
                        str(v if v is not None else "")
                        for v in [
                            view["id"],
                            view["name"],
                            view["country"],
                            feed.get("url"),
                            feed.get("kind"),
                            feed.get("last_check"),
                            feed.get("last_status"),
                            feed.get("new_per_day"),
                            feed.get("error_streak"),
                            feed.get("next_check"),
                        ]
                    )
                )

    @sources.command("remove")
    @click.argument("url_or_id")
    @db_option
    def sources_remove(store: Store, url_or_id: str) -> None:
        """Stop following a source (by its URL or id); its stored articles stay."""
        if not store.remove_source(url_or_id):
            raise click.ClickException(f"{url_or_id}: no such source")
        click.echo(f"removed {url_or_id}", err=True)

    @sources.command("import")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--allow-private", is_flag=True, help=ALLOW_PRIVATE_HELP)
    @db_option
    def sources_import(store: Store, path: Path, allow_private: bool) -> None:
        """Add every source of an OPML file or a plain file (URL<TAB>name<TAB>country a line)."""
        from marsad.collect.sources import read_sources_file

        added = failed = 0
        for line in read_sources_file(path):
            if isinstance(line, InputError):
                click.echo(f"error: {line}", err=True)
                failed += 1
                continue
            try:
                added += _add(store, line.url, line.name, line.country, allow_private, quiet=True)
            except click.ClickException as error:
                click.echo(f"error: {error.message}", err=True)
                failed += 1
        click.echo(f"imported {added} new sources, {failed} failed", err=True)
        if failed:
            sys.exit(1)

    @sources.command("export")
    @click.option("--opml", is_flag=True, help="OPML instead of the plain sources file.")
    @db_option
    def sources_export(store: Store, opml: bool) -> None:
        """Print every source as a plain sources file (or OPML), ready for `sources import`."""
        from marsad.collect.sources import sources_opml, sources_text

        found = store.list_sources()
        click.echo(sources_opml(found) if opml else sources_text(found), nl=False)

    @cli.command()
    @click.option(
        "--forever",
        is_flag=True,
        help="Keep collecting until SIGTERM or Ctrl-C (then finish the batch in flight).",
    )
    @click.option("--allow-private", is_flag=True, help=ALLOW_PRIVATE_HELP)
    @click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=4,
        show_default=True,
        help="Hosts fetched at once (one request at a time per host, whatever this says).",
    )
    @click.option(
        "--host-interval",
        type=click.FloatRange(min=0),
        default=2.0,
        show_default=True,
        help="Seconds between two requests to one host (robots.txt Crawl-delay can make it longer).",
    )
    @click.option(
        "--processes",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        metavar="N",
        help="Processes that analyse the fetched articles (as ingest --workers); one writer.",
    )
    @click.option("--silent", is_flag=True, help="No progress bar.")
    @db_option
    def collect(
        store: Store,
        forever: bool,
        allow_private: bool,
        workers: int,
        host_interval: float,
        processes: int,
        silent: bool,
    ) -> None:
        """Poll every feed that is due, fetch and extract the new articles, run the pipeline, store them.

        One round, then a one-line summary; with --forever, a round whenever a feed is due, until stopped.
        Runs beside `marsad serve` on the same store.

        \b
        Example:
            marsad collect
            2024-03-15T12:00:03Z feeds checked 50, not modified 41, new URLs 37, pages fetched 37,
            articles stored 35, duplicates 1, failures 1
        """
        from marsad import parallel, pipeline

        try:
            with parallel.open_workers(processes, None, pipeline.warm_up) as analysis:
                run_collection(store, forever, allow_private, workers, host_interval, silent, analysis)
        except parallel.WorkerLost as error:
            raise click.ClickException(str(error)) from error

    @cli.command()
    @click.option(
        "--to",
        "target",
        required=True,
        metavar="URL",
        help="The new store (a SQLite path that does not exist yet).",
    )
    @click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        metavar="N",
        help="Processes that analyse the articles (as ingest --workers); one writer.",
    )
    @click.option("--silent", is_flag=True, help="No progress bar.")
    @db_option
    def reprocess(store: Store, target: str, workers: int, silent: bool) -> None:
        """Re-extract every page kept by `collect` and run the pipeline again into a new store, offline.

        For when the extractor or a model improved: the kept raw bytes are read again, nothing is fetched.
        The sources and their feeds' state are copied too, so collection can go on from the new store.
        """
        from marsad.collect.collector import reprocess as run

        if Path(target).exists():
            raise click.ClickException(f"{target}: already exists; reprocess writes a new store")
        from marsad import parallel, pipeline
        from marsad.store import open_store

        fresh = open_store(target)
        try:
            with _bar(silent, " pages") as bar, parallel.open_workers(workers, None, pipeline.warm_up) as pool:
                summary = run(
                    store,
                    fresh,
                    on_error=lambda e: click.echo(f"error: {e}", err=True),
                    progress=bar.update,
                    workers=pool,
                )
        except parallel.WorkerLost as error:
            raise click.ClickException(str(error)) from error
        finally:
            fresh.close()
        click.echo(summary.line(), err=True)


def _add(
    store: Store, url: str, name: str | None, country: str | None, allow_private: bool, quiet: bool = False
) -> bool:
    from marsad.collect.urls import check_public, check_url, private_allowed

    try:
        check_url(url)
        check_public(url, private_allowed(allow_private))
    except MarsadError as error:
        raise click.ClickException(str(error)) from error
    source, new = store.add_source(url, name, country)
    if not quiet:
        click.echo(
            f"{'added' if new else 'already followed, updated'} {url} (source {source['id']})", err=True
        )
    return new


def _bar(silent: bool, unit: str) -> Any:
    from tqdm import tqdm

    return tqdm(unit=unit, disable=silent or not sys.stderr.isatty(), file=sys.stderr, leave=False)


def run_collection(
    store: Store,
    forever: bool,
    allow_private: bool,
    workers: int,
    host_interval: float,
    silent: bool,
    analysis: Any = None,
) -> None:
    import signal
    import threading

    from marsad.collect.clock import SystemClock
    from marsad.collect.collector import Collector
    from marsad.collect.fetch import Fetcher, Policy
    from marsad.collect.urls import private_allowed

    stop = threading.Event()

    def on_signal(number: int, _frame: Any) -> None:
        if stop.is_set():  # a second signal: stop now
            raise KeyboardInterrupt
        stop.set()
        click.echo(f"{signal.Signals(number).name}: finishing the batch in flight, then stopping", err=True)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    clock = SystemClock()
    fetcher = Fetcher(
        Policy(allow_private=private_allowed(allow_private), host_interval=host_interval), clock
    )
    try:
        with _bar(silent, " pages") as bar:
            collector = Collector(
                store,
                fetcher,
                clock,
                workers=workers,
                analysis=analysis,
                stop=stop,
                progress=bar.update,
                on_error=lambda line: click.echo(f"error: {line}", err=True),
            )
            while True:
                summary = collector.run_round()
                click.echo(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {summary.line()}", err=True)
                if not forever or stop.is_set():
                    break
                due = collector.next_due()
                wait = 60.0 if due is None else min(300.0, max(1.0, due - clock.now()))
                stop.wait(wait)
                if stop.is_set():
                    break
    finally:
        fetcher.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
    if stop.is_set():
        click.echo("stopped; the next `marsad collect` continues from here", err=True)
