"""What the store finds an entity by: its resolver keys, and the version of the rules that made them.

A key is ``TYPE|block`` for a blocking key of a spelling (last word's skeleton, its
letters sorted, the joined skeleton, the gazetteer place), ``w:key`` for a name word and
``PER|f:skeleton`` for a person's given name.  ``Store.entities_by_keys`` returns the
stored entities with any of the keys a batch's names need, so the resolver never loads
the whole store.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from marsad.entities.names import (
    Name,
    clitic_splits,
    first_word,
    loose_key,
    org_id,
    place_id,
    plain_name,
    skeleton,
    word_key,
)
from marsad.model import Entity, Mention

_DATA = Path(__file__).resolve().parent / "data"

# Bump when blocks, word_keys or entity_keys change: stores then rebuild their entity keys.
KEY_SCHEME = 2
_KEY_DATA = (
    "name_rules.json",
    "titles.txt",
    "descriptors.txt",
    "place_aliases.tsv",
    "place_aliases_hand.tsv",
    "org_aliases.tsv",
    "gazetteer.tsv",
)


def entity_keys(entity: Entity) -> set[str]:
    """The store keys of an entity: what ``Store.entities_by_keys`` finds it by.

    ``TYPE|block`` for every blocking key of every spelling, ``w:key`` for every name word
    (the clitic test asks whether a word is a known name's), ``PER|f:skeleton`` for a
    person's given name (a family name alone must not be someone's given name).
    """
    found: set[str] = set()
    for variant in entity.variants:
        name = plain_name(variant, entity.type)
        found.update(f"{entity.type}|{block}" for block in blocks(entity.type, name))
        found.update(f"w:{word}" for word in word_keys(name))
        if entity.type == "PER" and len(name.keys) > 1:
            found.add(f"PER|f:{skeleton(name.keys[0])}")
    return found


@cache
def keys_version() -> str:
    """What stored entity keys were computed with: the scheme and the data files the keys read."""
    digest = hashlib.sha1(str(KEY_SCHEME).encode())
    for name in _KEY_DATA:
        digest.update((_DATA / name).read_bytes())
    return f"{KEY_SCHEME}-{digest.hexdigest()[:12]}"


def lookup_keys(kind: str, name: Name) -> list[str]:
    """The store keys a mention's name needs looked up: its blocks, and for a family name alone, given names."""
    keys = [f"{kind}|{block}" for block in blocks(kind, name)]
    if kind == "PER" and len(name.keys) == 1:
        keys.append(f"PER|f:{skeleton(name.keys[0])}")
    return keys


def clitic_keys(mentions: list[Mention]) -> set[str]:
    """``w:`` keys of every word a mention's first word could be without a proclitic."""
    return {f"w:{word_key(rest)}" for m in mentions for _, rest in clitic_splits(first_word(m.surface))}


def word_keys(name: Name) -> list[str]:
    """A name's word keys, and its displayed first word's (حزب of حزب الله: so وحزب الله loses its و)."""
    return [*name.keys, word_key(name.display.split()[0])]


def blocks(kind: str, name: Name) -> list[str]:
    """Blocking keys: the last word's skeleton, its letters sorted (swaps), the joined skeleton, the place."""
    last = loose_key(skeleton(name.keys[-1]))
    blocks = [f"l:{last}", f"s:{''.join(sorted(last))}", f"j:{loose_key(skeleton(name.joined))}"]
    if kind == "PER" and len(name.keys) == 2:  # either order of given and family name meets here
        blocks.append("r:" + "|".join(sorted(loose_key(skeleton(k)) for k in name.keys)))
    place = place_id(name.keys) if kind == "LOC" else org_id(name.keys) if kind == "ORG" else None
    return [*blocks, f"g:{place}"] if place else blocks
