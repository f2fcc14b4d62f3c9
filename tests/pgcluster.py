"""A throw-away PostgreSQL cluster for the tests that need a real server.

``MARSAD_TEST_POSTGRES`` (a URL of a server where the tests may create databases) wins; else the
binaries are looked for on PATH and in Debian's /usr/lib/postgresql/*/bin, and a cluster is made
in a temporary folder: initdb as a non-root user (``nobody`` when the tests run as root), a unix
socket in that folder and no TCP port, fsync off.  No PostgreSQL: the tests skip with the reason,
except under CI=true, where that is a failure.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_NAMES = itertools.count(1)
GUARDED = ("marsad_guarded", "right-password")  # a role of the self-made cluster with a password


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, if any."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    return None


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed under CI: {reason}")
    pytest.skip(reason)


@contextmanager
def cluster() -> Iterator[str]:
    """A running server for the session; yields the URL of its ``postgres`` database."""
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError as error:
        unavailable(f"the postgres extra is not installed ({error}): pip install -e '.[test,postgres]'")
    given = os.environ.get("MARSAD_TEST_POSTGRES")
    if given:
        yield given
        return
    folder = binaries()
    if folder is None:
        unavailable("no PostgreSQL found (initdb on PATH or /usr/lib/postgresql/*/bin); "
                    "install it or set MARSAD_TEST_POSTGRES")
    home = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        home.chmod(0o777)
        as_user = ["runuser", "-u", "nobody", "--"]
    data = home / "data"
    run = lambda *args: subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)  # noqa: E731
    made = run(str(folder / "initdb"), "-D", str(data), "-U", "marsad", "--auth=trust", "-E", "UTF8",
               "--locale=C.UTF-8", "--no-sync")
    if made.returncode != 0:
        shutil.rmtree(home, ignore_errors=True)
        unavailable(f"initdb failed: {(made.stderr or made.stdout).strip().splitlines()[-1:]}")
    # One role that must give its password (the others are trusted): the wrong-password test's.
    hba = data / "pg_hba.conf"
    hba.write_text(f"local all {GUARDED[0]} scram-sha-256\n" + hba.read_text())
    options = f"-k {home} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    started = run(str(folder / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-o", options, "-w", "start")
    if started.returncode != 0:
        log = (home / "log").read_text(errors="replace") if (home / "log").exists() else started.stderr
        shutil.rmtree(home, ignore_errors=True)
        unavailable(f"the test cluster did not start: {log.strip().splitlines()[-1:]}")
    url = f"postgresql://marsad@/postgres?host={home}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {GUARDED[0]} LOGIN PASSWORD '{GUARDED[1]}'")
    try:
        yield url
    finally:
        run(str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


def fresh_database(server: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    name = f"marsad_test_{os.getpid()}_{next(_NAMES)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    return with_database(server, name)


def drop_database(server: str, url: str) -> None:
    import psycopg

    name = url.partition("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def with_database(server: str, name: str) -> str:
    """The server URL pointing at database ``name``."""
    head, _, query = server.partition("?")
    base = head.rsplit("/", 1)[0] if head.count("/") > 2 else head
    return f"{base}/{name}" + (f"?{query}" if query else "")
