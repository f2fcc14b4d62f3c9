"""Build the demo sample that ships in the package from ../shared/data/demo_corpus_ant_may2018.

The sample is chosen so that several outlets cover the same events: an article is
kept when its headline shares at least two content words with a headline from a
*different* outlet published within two days; the largest such groups come first,
then the sample is topped up with articles of every category in date order.  The
selection is deterministic (no randomness), so re-running gives the same file.

Usage: python scripts/make_demo_sample.py [--size 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "data" / "demo_corpus_ant_may2018" / "articles.jsonl.gz"
OUT = REPO / "marsad" / "demo" / "sample.jsonl"

# The five outlets of ANT v2.1, as a reader knows them, with the country each broadcasts from.
OUTLETS = {
    "SkyNews": ("سكاي نيوز عربية", "الإمارات"),
    "Alarabia": ("العربية", "الإمارات"),
    "France24": ("فرانس 24", "فرنسا"),
    "CNN": ("سي إن إن بالعربية", "الولايات المتحدة"),
    "BBC": ("بي بي سي عربي", "المملكة المتحدة"),
}
SHORT = re.compile(r"^.{0,3}$")


def headline_words(title: str) -> set[str]:
    """Content words of a headline, crudely normalised (enough to find shared topics)."""
    title = re.sub("[أإآ]", "ا", title).replace("ة", "ه").replace("ى", "ي")
    words = re.findall(r"[\u0621-\u064a]+", title)
    return {re.sub(r"^(وال|بال|لل|ال|و)", "", w) for w in words if not SHORT.match(w)}


def load() -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def cross_outlet_partners(rows: list[dict]) -> dict[int, set[int]]:
    words = [headline_words(r["title"] or "") for r in rows]
    when = [datetime.fromisoformat(r["published"]) for r in rows]
    partners: dict[int, set[int]] = defaultdict(set)
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if rows[i]["outlet"] == rows[j]["outlet"] or abs((when[i] - when[j]).days) > 2:
                continue
            if len(words[i] & words[j]) >= 2:
                partners[i].add(j)
                partners[j].add(i)
    return partners


def select(rows: list[dict], size: int) -> list[int]:
    partners = cross_outlet_partners(rows)
    ranked = sorted(partners, key=lambda i: (-len(partners[i]), i))
    chosen: list[int] = []
    for i in ranked:
        for j in [i, *sorted(partners[i])]:
            if j not in chosen and len(chosen) < size * 4 // 5:
                chosen.append(j)
    for i in range(len(rows)):  # top up with the rest, every category, in date order
        if len(chosen) >= size:
            break
        if i not in chosen and i % 7 == 0:
            chosen.append(i)
    return sorted(chosen)


def to_record(row: dict) -> dict:
    name, country = OUTLETS[row["outlet"]]
    return {
        "id": row["id"],
        "url": row["url"],
        "title": row["title"],
        "text": row["text"],
        "published": row["published"],
        "source": {"name": name, "country": country},
        "category": row["label"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300)
    args = parser.parse_args()
    rows = load()
    chosen = select(rows, args.size)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for i in chosen:
            out.write(json.dumps(to_record(rows[i]), ensure_ascii=False) + "\n")
    print(f"wrote {len(chosen)} articles to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
