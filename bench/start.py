"""What a command costs before it does its work: CPU seconds to start, and the heavy modules it loads.

Each command runs in a fresh process (``python -m marsad ...``, or for ``serve`` the web app built
and asked for its home page and a search) over a small store; its CPU time (user + system, from
the operating system's accounting of the child) is the best of ``--repeat`` runs, so a cold disk
cache does not count.  Commands that read must not load what only ingestion needs.

Usage: nice python bench/start.py [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import load  # noqa: E402

INGEST_ONLY = ("scipy", "datasketch", "trafilatura", "sklearn", "marsad.pipeline", "marsad.entities",
               "marsad.grouping.regroup")


def child_cpu(code: str) -> tuple[float, str]:
    """CPU seconds of ``python -c code`` and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def command_code(args: list[str]) -> str:
    """Run ``marsad args`` in this process (a fresh store for ``{fresh}``), then list what it loaded."""
    return (
        "import sys, uuid; from click.testing import CliRunner; from marsad.cli import cli;"
        f"CliRunner().invoke(cli, [a.replace('{{fresh}}', uuid.uuid4().hex) for a in {args!r}]);"
        f"print(sorted({{'.'.join(m.split('.')[:2 if m.startswith('marsad') else 1]) for m in sys.modules"
        f" if m.startswith({INGEST_ONLY!r})}}))"
    )


def serve_code(db: str) -> str:
    return (
        "import sys, warnings; warnings.simplefilter('ignore'); from fastapi.testclient import TestClient;"
        f"from marsad.api import create_app; client = TestClient(create_app({db!r}));"
        "[client.get(p) for p in ('/', '/search?q=السعودية')];"
        f"print(sorted({{'.'.join(m.split('.')[:2 if m.startswith('marsad') else 1]) for m in sys.modules"
        f" if m.startswith({INGEST_ONLY!r})}}))"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="marsad-start-") as work:
        db = str(Path(work) / "s.db")
        from marsad.demo import sample_path

        sample = Path(work) / "few.jsonl"
        sample.write_text("".join(sample_path().read_text("utf-8").splitlines(keepends=True)[:10]), "utf-8")
        subprocess.run([sys.executable, "-m", "marsad", "ingest", "--db", db, str(sample)],
                       capture_output=True, check=True)
        runs = {
            "--help": command_code(["--help"]),
            "--version": command_code(["--version"]),
            "search": command_code(["search", "--db", db, "السعودية"]),
            "articles": command_code(["articles", "--db", db]),
            "serve (app, home page, one search)": serve_code(db),
            "ingest of 10 articles (for scale)": command_code(["ingest", "--db", f"{work}/{{fresh}}.db", str(sample)]),
        }
        results = []
        for name, code in runs.items():
            timed = [child_cpu(code) for _ in range(args.repeat)]
            cpu, printed = min(timed)
            results.append({"command": name, "cpu_s": round(cpu, 3), "ingest_modules": printed.strip().splitlines()[-1],
                            "load": load()})
            print(f"marsad {name}: {cpu:.2f} CPU-s, ingest-only modules loaded {results[-1]['ingest_modules']}, "
                  f"{load()}", flush=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
