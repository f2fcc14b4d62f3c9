"""``marsad serve`` loads no part of ingestion until something is posted: no models, no extractor."""

from __future__ import annotations

import json
import subprocess
import sys

from marsad.demo import sample_path
from marsad.ingest import read_inputs
from marsad.pipeline import ingest
from marsad.store import open_store

INGEST_ONLY = ("scipy", "datasketch", "trafilatura", "sklearn", "marsad.pipeline", "marsad.grouping.regroup",
               "marsad.entities", "marsad.ingest")
PAGES = ("/", "/api/articles", "/api/search?q=السعودية", "/search?q=السعودية", "/entities", "/api/entities",
         "/api/events", "/api/stories", "/docs", "/openapi.json")


def test_serving_pages_and_searches_loads_no_ingest_module(tmp_path) -> None:
    source = tmp_path / "few.jsonl"
    source.write_text("".join(sample_path().read_text("utf-8").splitlines(keepends=True)[:15]), "utf-8")
    store = open_store(str(tmp_path / "s.db"))
    ingest(read_inputs([str(source)]), store)
    article = store.list_articles(limit=1)[0].id
    store.close()
    script = (
        "import json, sys, warnings; warnings.simplefilter('ignore');"
        "from fastapi.testclient import TestClient; from marsad.api import create_app;"
        f"client = TestClient(create_app({str(tmp_path / 's.db')!r}));"
        f"codes = [client.get(p).status_code for p in {[*PAGES, f'/api/articles/{article}']!r}];"
        "print(json.dumps(codes));"
        f"print(sorted(m for m in sys.modules if m.startswith({INGEST_ONLY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    codes, loaded = done.stdout.strip().splitlines()
    assert set(json.loads(codes)) == {200}, codes
    assert loaded == "[]", f"serving loaded {loaded}"
