"""Build marsad/grouping/data/term_df.tsv: document frequencies of terms for the grouping vectors.

Counted with the same ``terms()`` the grouping uses, on two public corpora:

* ANT v2.1 multi-source sample (Al Arabiya, BBC, CNN, France24, Sky News Arabia, 2018): the kind of
  pan-Arab news Marsad ingests.  Articles published in May 2018 are left out, because the demo
  corpus and the events gold (eval/data/events_gold.jsonl, 9 and 14 May 2018) come from that month.
* ANT v1.1 (JawharaFM, 10,161 Tunisian articles, 2015-2017): a different outlet and years, so that
  names and words common in Maghreb news are not mistaken for rare ones.

Rerun whenever ``marsad.text.terms`` changes (tests/test_dedup.py checks the header):

    python scripts/build_term_df.py [--corpus PATH ...] [--skip-month 2018-05]
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from marsad.grouping.features import term_source, terms

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared/data"
DEFAULT = [
    SHARED / "classification_ant_v2_multisource/ant_v2.1_multisource_sample.jsonl.xz",
    SHARED / "classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz",
]
OUT = REPO / "marsad/grouping/data/term_df.tsv"


def records(path: Path) -> Iterator[dict]:
    """The JSON records of a .jsonl, .jsonl.gz or .jsonl.xz file."""
    opener = {".gz": gzip.open, ".xz": lzma.open}.get(path.suffix, open)
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def count_terms(paths: list[Path], skip_months: set[str]) -> tuple[Counter[str], int]:
    """Document frequency of every term over the corpora, and the number of documents counted."""
    counts: Counter[str] = Counter()
    documents = 0
    for path in paths:
        for record in records(path):
            if (record.get("published") or "")[:7] in skip_months:
                continue
            counts.update(set(terms(f"{record.get('title') or ''}\n{record.get('text') or ''}")))
            documents += 1
    return counts, documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT)
    parser.add_argument("--skip-month", nargs="*", default=["2018-05"], help="YYYY-MM of articles to leave out")
    parser.add_argument("--min-df", type=int, default=2, help="drop terms seen in fewer documents")
    args = parser.parse_args()
    counts, documents = count_terms(args.corpus, set(args.skip_month))
    kept = sorted((t, c) for t, c in counts.items() if c >= args.min_df)
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"#documents\t{documents}\t{term_source()}\n")
        out.writelines(f"{t}\t{c}\n" for t, c in kept)
    print(f"{OUT}: {len(kept)} terms over {documents} documents")


if __name__ == "__main__":
    main()
