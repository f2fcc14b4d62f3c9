"""Fixtures shared by every test module."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("MARSAD_SHARED_DATA", REPO.parent / "shared" / "data"))
TEST_DATA = Path(__file__).resolve().parent / "data"


def count_pages(records: Iterable[dict]) -> int:
    """How many articles these input records make: one per URL (a page filed under two sections is
    two records and one article)."""
    from marsad.collect.urls import article_url_key

    return len({article_url_key(r["url"]) for r in records})


def shared_file(relative: str) -> Path:
    """A file under ../shared/data; skip when it is missing, except under CI=true where that fails."""
    path = SHARED_DATA / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI needs ../shared/data beside the repository")
        pytest.skip(f"{path} is missing (../shared/data is not beside the repository)")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh SQLite store path."""
    return tmp_path / "marsad.db"


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server for the session (tests/pgcluster.py): skips, or fails under CI=true,
    when there is none."""
    from pgcluster import cluster

    with cluster() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty PostgreSQL database for one test, dropped after it."""
    from pgcluster import drop_database, fresh_database

    url = fresh_database(postgres_server)
    yield url
    drop_database(postgres_server, url)
