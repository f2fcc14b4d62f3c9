"""Build marsad/grouping/data/term_df.tsv: document frequencies of terms for the grouping vectors.

Counted on ANT v1.1 (JawharaFM, 10,161 Tunisian news articles, 2015-2017: a different outlet and
years from the demo corpus the events gold comes from), with the same ``terms()`` the grouping
uses.  Rerun whenever ``marsad.text.terms`` changes:

    python scripts/build_term_df.py [--corpus ../shared/data/classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from marsad.grouping.features import term_source, terms

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared/data/classification_ant_v1_jawharafm/ant_v1.1_jawharafm.jsonl.gz"
OUT = REPO / "marsad/grouping/data/term_df.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--min-df", type=int, default=2, help="drop terms seen in fewer documents")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    documents = 0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            counts.update(set(terms(f"{record.get('title') or ''}\n{record.get('text') or ''}")))
            documents += 1
    kept = sorted((t, c) for t, c in counts.items() if c >= args.min_df)
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"#documents\t{documents}\t{term_source()}\n")
        out.writelines(f"{t}\t{c}\n" for t, c in kept)
    print(f"{OUT}: {len(kept)} terms over {documents} documents")


if __name__ == "__main__":
    main()
