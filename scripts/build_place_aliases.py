"""Build the resolver's place alias table from the public gazetteers in ../shared/data/gazetteer_geonames_ar.

Each row is one Arabic name of one place: a country of mledoze/countries (common, official
and native names; ODbL) or a GeoNames city over 15,000 people (its Arabic-letter alternate
names; CC BY).  The resolver merges two place mentions whose names belong to the same row
id (``country:US``, ``geonames:281184``) and drops a name that several places share.
GeoNames alternate names carry no language tag: names with letters Arabic does not use are
Persian, Urdu, Kurdish or Uyghur and are left out, as in ``scripts/ner_gazetteer.py``.

Writes ``marsad/entities/data/place_aliases.tsv`` (id, name).  Names the gazetteers lack
(أمريكا, أميركا) are in the hand-written ``data/place_aliases_hand.tsv``.

    python scripts/build_place_aliases.py
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from scripts.ner_gazetteer import arabic_names  # noqa: E402

SHARED = Path(os.environ.get("MARSAD_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "marsad" / "entities" / "data" / "place_aliases.tsv"
COUNTRY_COLUMNS = ("name_ar_common", "name_ar_official", "native_ara_common", "native_ara_official")
HEADER = (
    "# Arabic names of one place per id, built by scripts/build_place_aliases.py; do not edit.\n"
    "# country:<ISO code> from mledoze/countries (ODbL 1.0); geonames:<id> from GeoNames cities15000 (CC BY).\n"
)


def countries(folder: Path) -> list[tuple[str, str]]:
    """(``country:`` ISO code, name) for every Arabic name of the 250 countries."""
    with open(folder / "countries_mledoze_ar.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [
        (f"country:{row['cca2']}", name)
        for row in rows
        for name in arabic_names([row[c] for c in COUNTRY_COLUMNS if row.get(c)])
    ]


def cities(folder: Path) -> list[tuple[str, str, str]]:
    """(``geonames:`` id, name, ISO code of its country) for every Arabic-letter name of the GeoNames cities."""
    with open(folder / "cities15000_arabic_script_names.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [
        (f"geonames:{row['geonameid']}", name, row["country_code"])
        for row in rows
        for name in arabic_names(row["arabic_names"].split("|"))
    ]


def unambiguous(
    country_rows: list[tuple[str, str]], city_rows: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str]], int]:
    """The rows whose name means one place, and how many names were dropped as ambiguous.

    A country's name shared only by cities of that country (الكويت, تونس) stays the
    country's; a name shared by places of different countries (عمان: Oman, and Amman in
    Jordan; لندن in Britain and Canada) is dropped: the resolver then links nothing by it.
    """
    places: dict[str, set[str]] = {}
    country_of = {place: place.removeprefix("country:") for place, _ in country_rows}
    country_of |= {place: code for place, _, code in city_rows}
    for place, name in [*country_rows, *((p, n) for p, n, _ in city_rows)]:
        places.setdefault(name, set()).add(place)
    kept: list[tuple[str, str]] = []
    dropped = 0
    for name, ids in places.items():
        countries_named = [p for p in ids if p.startswith("country:")]
        if len(ids) == 1:
            kept.append((next(iter(ids)), name))
        elif len(countries_named) == 1 and len({country_of[p] for p in ids}) == 1:
            kept.append((countries_named[0], name))
        else:
            dropped += 1
    return kept, dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    folder = args.shared / "gazetteer_geonames_ar"
    rows, dropped = unambiguous(countries(folder), cities(folder))
    lines = [f"{place}\t{name}\n" for place, name in rows]
    args.out.write_text(HEADER + "".join(lines), encoding="utf-8")
    places = len({p for p, _ in rows})
    print(f"{args.out}: {len(lines)} names of {places} places ({dropped} names shared by two places dropped)")


if __name__ == "__main__":
    main()
