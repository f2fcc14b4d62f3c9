"""Recognise and resolve the entities of a demo corpus and print the most mentioned, for checking by eye.

    python scripts/ner_demo_entities.py                 # 30 most mentioned, ANT May 2018 demo corpus
    python scripts/ner_demo_entities.py --top 60 --type PER
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marsad.entities import EntityResolver, recognize  # noqa: E402

CORPUS = REPO.parent / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--type", help="only entities of this type")
    args = parser.parse_args()
    resolver = EntityResolver()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = f"{row.get('title') or ''}\n{row.get('text') or ''}"
            resolver.resolve(str(row["id"]), text, recognize(text))
    shown = [e for e in resolver.entities() if not args.type or e.type == args.type][: args.top]
    for entity in shown:
        variants = " | ".join(sorted(entity.spellings, key=lambda s: -entity.spellings[s])[:8])
        print(f"{entity.mentions:>5} {len(entity.articles):>4} {entity.type:<7} {entity.name}  [{variants}]")
        for merge in entity.merges[:3]:
            print(f"{'':>19}+ {merge.variant}: {merge.reason}")


if __name__ == "__main__":
    main()
