"""Build the recogniser's gazetteer from the public lists in ../shared/data/gazetteer_geonames_ar.

Countries (mledoze, ODbL), GeoNames cities with Arabic names (CC BY) and the ANERgazet
person/organisation/place lists (Benajiba, research use) become one file,
``marsad/entities/data/gazetteer.tsv`` (folded name, type).  GeoNames alternate names
carry no language tag, so a name with a letter Arabic does not use (پ چ ژ گ ک ی ۆ ە …)
is Persian, Urdu, Kurdish or Uyghur and is dropped.  The gazetteer is a feature of the
recogniser, never the recogniser itself.

    python scripts/ner_gazetteer.py
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from marsad.entities.tokens import fold  # noqa: E402

SHARED = Path(os.environ.get("MARSAD_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "marsad" / "entities" / "data" / "gazetteer.tsv"
NAME_TOKENS = REPO / "marsad" / "entities" / "data" / "name_tokens.tsv"
# Arabic letters proper (hamza .. yaa), marks, spaces and hyphens; anything else is another language's letter.
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670 \-]+$")
# No Arabic word starts with ئ; Uyghur and Kurdish spellings do (ئوساكا, ئيسلامئاباد).
_FOREIGN_START = re.compile(r"(?:^|\s)ئ")


def arabic_names(names: list[str]) -> list[str]:
    """The names written in Arabic letters only, folded and de-duplicated in order."""
    kept: list[str] = []
    for name in names:
        name = name.strip()
        if (
            name
            and _ARABIC_ONLY.match(name)
            and not _FOREIGN_START.search(name)
            and len(name) > 1
            and fold(name) not in kept
        ):
            kept.append(fold(name))
    return kept


def countries(folder: Path) -> list[str]:
    """Arabic common, official and native names of the 250 countries."""
    columns = ("name_ar_common", "name_ar_official", "native_ara_common", "native_ara_official")
    with open(folder / "countries_mledoze_ar.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return arabic_names([row[c] for row in rows for c in columns if row.get(c)])


def cities(folder: Path) -> list[str]:
    """Arabic-letter names of the GeoNames cities over 15,000 people."""
    with open(folder / "cities15000_arabic_script_names.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return arabic_names([n for row in rows for n in row["arabic_names"].split("|")])


def anergazet(folder: Path, kind: str) -> list[str]:
    """One ANERgazet list, its ``====``/``****`` separators dropped."""
    lines = (folder / f"ANERGazet_Aligned{kind}Gazetteer.txt").read_text(encoding="utf-8").splitlines()
    return arabic_names([line for line in lines if not line.startswith(("====", "****"))])


def name_tokens(shared: Path) -> dict[str, str]:
    """Folded Arabic spellings of name words: "P" from Wikidata person names, "N" from Wikipedia names.

    Wikidata person-name tokens (CC0) and Google's Wikipedia-mined name list (Apache-2.0)
    are transliterations of foreign names, exactly what the annotated corpus lacks.
    ANETAC is left out: its licence is not stated.
    """
    folder = shared / "name_variants"
    found: dict[str, set[str]] = {}
    wikidata = folder / "wikidata_netransliteration_coling2018" / "wd_arabic.normalized.aligned.tokens"
    for line in wikidata.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            for name in arabic_names([parts[1].replace(" ", "")]):
                found.setdefault(name, set()).add("P")
    for line in (
        (folder / "google_transliteration_ar2en" / "ar2en.txt").read_text(encoding="utf-8").splitlines()
    ):
        for name in arabic_names([line.split("\t")[0]]):
            for word in name.split():
                found.setdefault(word, set()).add("N")
    return {word: "".join(sorted(kinds)) for word, kinds in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    folder = args.shared / "gazetteer_geonames_ar"
    entries: dict[tuple[str, str], None] = {}
    for kind, names in (
        ("LOC", countries(folder) + cities(folder) + anergazet(folder, "Loc")),
        ("ORG", anergazet(folder, "Org")),
        ("PER", anergazet(folder, "Pers")),
    ):
        for name in names:
            entries[(name, kind)] = None
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# name\ttype -- built by scripts/ner_gazetteer.py; sources in docs/entities.md\n")
        for name, kind in sorted(entries):
            out.write(f"{name}\t{kind}\n")
    print(f"{len(entries)} entries -> {args.out}")
    tokens = name_tokens(args.shared)
    with open(NAME_TOKENS, "w", encoding="utf-8") as out:
        out.write(
            "# word\tsources (P Wikidata person names, N Wikipedia names) -- scripts/ner_gazetteer.py\n"
        )
        for word in sorted(tokens):
            out.write(f"{word}\t{tokens[word]}\n")
    print(f"{len(tokens)} name words -> {NAME_TOKENS}")


if __name__ == "__main__":
    main()
