"""Canonical entities across articles: one entity however the outlets spelled it, never two people merged.

A mention joins an entity when its name is the same name (``names.py``: titles and
clitics off, transliteration-aware word keys).  For a person written in full, the
given and family names must both agree, at most one of them loosely (a final vowel,
two letters swapped); a family name alone joins the full name the same article gives,
or the one known full name with that family name when the article shares a co-mentioned
entity with it, or the one well-attested full name with it.  Two place names join when the
gazetteer says they name one place (أمريكا / الولايات المتحدة الأمريكية).  Anything less
stays a separate entity: two entities for one person is a nuisance, one entity for two
people is a wrong answer.  Every merge records why, in Arabic (the UI shows it).

The resolver holds the entities it was given, and, with a ``lookup``, fetches from the
store only those whose keys (``entity_keys``) meet the names of the article at hand.

Example:
    >>> resolver = EntityResolver(lookup=store.entities_by_keys)   # doctest: +SKIP
    >>> [m.entity for m in resolver.resolve("a1", text, mentions)]   # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Protocol

from marsad.entities.keys import blocks, lookup_keys, word_keys
from marsad.entities.lexicon import gazetteer, name_tokens
from marsad.entities.matching import SAME_SPELLING, removed_note, same_in_table, same_name, same_person
from marsad.entities.names import (
    Name,
    descriptor_type,
    parse_name,
    place_id,
    plain_name,
    same_word,
    skeleton,
    word_key,
)
from marsad.entities.roles import role_mentions
from marsad.entities.tokens import fold
from marsad.model import Entity, Mention, MergeEvidence
from marsad.text.counting import counted

# -- thresholds (calibrated on eval/resolve.py: name_variants silver groups + eval/data/look_alike_names.tsv) --
# A family name alone joins a full name from other articles only when this article co-mentions
# at least PARTIAL_MIN_SHARED entities that appeared with that full name before, and, when
# several full names carry it (دونالد/إيفانكا ترامب), PARTIAL_DOMINANCE times more than any
# other.  Set on the demo corpus by eye: 1 and 2 attach «ترامب» to Donald, never to Ivanka.
PARTIAL_MIN_SHARED = 1
PARTIAL_DOMINANCE = 2
# With no shared context, a family name alone joins the best-known full name with it when that
# full name appeared in at least PARTIAL_MIN_ARTICLES articles and PARTIAL_FAME_RATIO times as
# many as any other person with the word in their name, as family or as given name (عباس of
# عباس عراقجي).  Below 3 articles, "كوخافي after one article on أفيف كوخافي" would
# merge on a single sighting.  The ratio keeps two known people apart (بيل / هيلاري كلينتون)
# while «ترامب» goes to دونالد ترامب (149 demo articles) rather than إيفانكا ترامب (8) or a
# recogniser slip such as «على ترامب» (1) or «ترامب وكيم» (4).
PARTIAL_MIN_ARTICLES = 3
PARTIAL_FAME_RATIO = 10

_WORD = re.compile(r"[^\W\d_]+")

Lookup = Callable[[Iterable[str]], list[Entity]]  # store keys -> stored entities with any of them


class Links(Protocol):
    """The store's entity-article links, for entities looked up without their article lists."""

    def entity_article_counts(self, entity_ids: Iterable[str]) -> dict[str, int]: ...

    def entities_named_with(self, entity_id: str, others: Iterable[str]) -> set[str]: ...

    def entities_named_with_both(self, first: str, second: str) -> set[str]: ...


@dataclass(slots=True)
class _Held:
    """An entity and what the resolver needs to compare names with it."""

    entity: Entity
    names: dict[tuple[str, ...], str] = field(default_factory=dict)  # word keys -> a spelling with them
    article_set: set[str] = field(default_factory=set)  # articles seen here (and those ``known`` listed)
    stored_articles: int = 0  # articles naming it in the store's links, when looked up there

    @property
    def article_count(self) -> int:
        return self.stored_articles + len(self.article_set)

    @property
    def full_names(self) -> list[tuple[str, ...]]:
        """Word keys of every name of two words or more."""
        return [keys for keys in self.names if len(keys) > 1]

    @property
    def center(self) -> tuple[str, ...]:
        """Word keys of the canonical name."""
        return plain_name(self.entity.name, self.entity.type).keys


class EntityResolver:
    """Clusters mentions into canonical entities, starting from the entities already known.

    ``known`` are held from the start; ``lookup`` (``Store.entities_by_keys``) is asked, per
    article, for the stored entities whose keys meet the article's names, so a batch reads
    only its candidates, not the whole store.  Looked-up entities come without their article
    lists: ``links`` (the store) counts their articles and says which of them were named
    together, so the cost of a lookup does not grow with how often an entity is named.  Either
    way the result is the same.  ``resolve`` sets each mention's ``entity``; ``changed`` lists
    what the store must write.
    """

    def __init__(
        self, known: Iterable[Entity] = (), lookup: Lookup | None = None, links: Links | None = None
    ) -> None:
        self._held: dict[str, _Held] = {}
        self._by_block: dict[tuple[str, str], set[str]] = {}
        self._by_given: dict[str, set[str]] = {}  # skeleton of a person's given name -> ids
        self._changed: set[str] = set()
        self._articles: set[str] = set()  # articles already counted
        self._lookup = lookup
        self._links = links
        self._asked: set[str] = set()  # keys already looked up
        self._stored: set[str] = set()  # ids given in ``known`` or looked up: written before this resolver
        self._made: set[str] = set()  # ids created by the current ``resolve_many`` call
        self._article_entities: dict[str, set[str]] = {}  # article resolved here -> its entities
        self._gone: dict[str, str] = {}  # stored id -> the entity it was merged into here
        for entity in known:
            self._hold(entity)

    def entities(self) -> list[Entity]:
        """Every entity held, most mentioned first."""
        return sorted((h.entity for h in self._held.values()), key=lambda e: (-e.mentions, e.id))

    def changed(self) -> list[Entity]:
        """Entities created or updated since construction."""
        return [self._held[i].entity for i in sorted(self._changed)]

    def merged(self) -> dict[str, str]:
        """Stored entities merged into another since construction: old id -> the id it joined.

        The store moves their links and mentions (``Store.merge_entities``), and keeps the old id
        as a way to the new entity."""
        found = {}
        for old, new in self._gone.items():
            while new in self._gone:
                new = self._gone[new]
            found[old] = new
        return found

    def article_counts(self) -> dict[str, int]:
        """Articles naming each held entity: the store's and those resolved here."""
        return {i: held.article_count for i, held in self._held.items()}

    def resolve(self, article_id: str, text: str, mentions: list[Mention]) -> list[Mention]:
        """The same mentions with ``entity`` set; updates the entities (an article counts once)."""
        return self.resolve_many([(article_id, text, mentions)])[0]

    def resolve_many(self, articles: Sequence[tuple[str, str, list[Mention]]]) -> list[list[Mention]]:
        """``resolve`` for a batch of articles at once, with a result that does not depend on their order.

        The batch's names are matched in one canonical order (other types, then full person
        names, then one-word person names, each sorted by name and article), after every
        name of the batch is known: a family name met before its full name in the batch
        finds it all the same.  Each name takes the type most of the batch's mentions of it
        have (a known place is never a person).  At the end a one-word person entity made in
        this batch joins the full name the rules now give it, and a full name made in this
        batch joins the one-word entity a store already holds for it (``_settle``).
        """
        articles = list(articles)
        words = [_ArticleWords(text) for _, text, _ in articles]
        # Whether وX loses its و is decided by the article and the gazetteer alone (X is a name
        # the article also gives or the gazetteer or place table lists: وفرنسا), never by the names other
        # articles brought before: the same mention reads the same whatever came first and in
        # what batches.  Names are read twice: the second reading knows every name word of the article.
        first = [
            [parse_name(m.surface, m.type, _NameWords(), w) for m in mentions]
            for (_, _, mentions), w in zip(articles, words, strict=True)
        ]
        knowns = [_NameWords({k for name in names for k in word_keys(name)}) for names in first]
        if self._lookup:  # the stored entities of every voting type that carry the batch's names
            self._fetch(
                k
                for (_, _, mentions), article_names in zip(articles, first, strict=True)
                for m, n in zip(mentions, article_names, strict=True)
                if m.type in _VOTING
                for kind in _VOTING
                for k in lookup_keys(kind, n)
            )
        near = sorted(
            {
                i
                for (_, _, mentions), article_names in zip(articles, first, strict=True)
                for m, n in zip(mentions, article_names, strict=True)
                if m.type in _VOTING
                for kind in _VOTING
                for i in self._candidates(kind, n)
            }
        )
        kinds = _batch_types(articles, first, self._type_votes(first, near))
        self._retype(kinds, near)
        names = [
            [
                parse_name(m.surface, kinds.get(_type_key(m.type, n), m.type), known, w)
                for m, n in zip(mentions, article_names, strict=True)
            ]
            for (_, _, mentions), article_names, w, known in zip(articles, first, words, knowns, strict=True)
        ]
        types = [
            [kinds.get(_type_key(m.type, n), m.type) for m, n in zip(mentions, article_names, strict=True)]
            for (_, _, mentions), article_names in zip(articles, first, strict=True)
        ]
        if self._lookup:
            self._fetch(
                k
                for article_types, article_names in zip(types, names, strict=True)
                for kind, name in zip(article_types, article_names, strict=True)
                for k in lookup_keys(kind, name)
            )
        order = sorted(
            ((a, i) for a, (_, _, mentions) in enumerate(articles) for i in range(len(mentions))),
            key=lambda x: (*_canonical(types[x[0]][x[1]], names[x[0]][x[1]]), articles[x[0]][0], x[1]),
        )
        counted = {article_id for article_id, _, _ in articles if article_id not in self._articles}
        in_article: dict[str, set[str]] = {article_id: set() for article_id, _, _ in articles}
        found: dict[tuple[int, int], str] = {}
        self._made = set()
        for a, i in order:
            article_id = articles[a][0]
            kind, name = types[a][i], names[a][i]
            held, reason = self._match(kind, name, in_article[article_id])
            counts = article_id if article_id in counted else None
            held = self._record(held, counts, kind, name, reason, articles[a][2][i].type)
            found[a, i] = held.entity.id
            in_article[article_id].add(held.entity.id)
        self._articles.update(counted)
        moved = self._settle(in_article)
        resolved = [
            [
                replace(m, type=types[a][i], entity=moved.get(found[a, i], found[a, i]))
                for i, m in enumerate(mentions)
            ]
            for a, (_, _, mentions) in enumerate(articles)
        ]
        return [
            self._with_roles(text, mentions)
            for (_, text, _), mentions in zip(articles, resolved, strict=True)
        ]

    def _with_roles(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """The article's mentions, and one for each role it writes alone that it ties to one person (``roles.py``).

        The holder keeps the role with the phrase that tied it (the first in sorted order, so
        the evidence does not depend on which article came first)."""
        extra, evidence = role_mentions(text, mentions)
        for entity_id, roles in sorted(evidence.items()):
            held = self._held.get(entity_id)
            for role, phrase in roles.items() if held else ():
                if phrase < held.entity.roles.get(role, "\uffff"):
                    held.entity.roles[role] = phrase
                    self._changed.add(entity_id)
        return sorted([*mentions, *extra], key=lambda m: (m.start, m.end)) if extra else mentions

    # -- one type per name, across batches --------------------------------------------------

    def _type_votes(self, names: list[list[Name]], near: list[str]) -> dict[str, Counter]:
        """The types the entities ``near`` carrying these names were found with (``Entity.types``)."""
        wanted = {_shown_key(n) for article_names in names for n in article_names}
        votes: dict[str, Counter] = {}
        for i in near:
            held = self._held[i]
            if held.entity.type not in _VOTING:
                continue
            for key in {_shown_key(Name(display, keys)) for keys, display in held.names.items()} & wanted:
                votes.setdefault(key, Counter()).update(_types_of(held.entity))
        return votes

    def _retype(self, kinds: dict[str, str], near: list[str]) -> None:
        """Give a held entity the type its name's mentions now have, joining one of that type with the name.

        A name stored as a place by one batch and read as an organisation by most mentions of a
        later one is then one organisation, as it is when both batches come as one."""
        for i in near:
            held = self._held.get(i)
            if held is None or held.entity.type not in _VOTING:
                continue
            kind = kinds.get(_shown_key(plain_name(held.entity.name, held.entity.type)), held.entity.type)
            if kind == held.entity.type:
                continue
            old = held.entity.type
            for keys, display in held.names.items():
                for block in blocks(old, Name(display, keys)):
                    self._by_block.get((old, block), set()).discard(i)
            held.entity.type = kind
            held.entity.name = canonical_name(held.entity.spellings, kind)
            self._changed.add(i)
            for keys, display in list(held.names.items()):
                self._index(held, Name(display, keys))
            center = held.center
            for other in [
                self._held[j] for j in sorted(self._candidates(kind, Name(held.entity.name, center)))
            ]:
                # ``held`` may already have been absorbed by an earlier ``other`` of this list
                # (it then stands for the keeper), and must not be absorbed twice.
                if other is held or other.entity.id not in self._held or not same_name(center, other.center):
                    continue
                keep, gone = sorted((held, other), key=self._keeper)
                self._absorb(keep, gone, f"{SAME_SPELLING}: «{keep.entity.name}»")
                held = keep

    def _keeper(self, held: _Held) -> tuple:
        """Which of two entities found to be one keeps its id: a stored one, then the most mentioned."""
        return (held.entity.id not in self._stored, -held.entity.mentions, held.entity.id)

    # -- matching ------------------------------------------------------------------------------

    def _match(self, kind: str, name: Name, in_article: set[str]) -> tuple[_Held | None, str]:
        """The entity ``name`` belongs to and why, or (None, "") for a new entity."""
        candidates = [self._held[i] for i in sorted(self._candidates(kind, name))]
        if kind == "PER" and len(name.keys) == 1:
            return self._match_partial(name, candidates, in_article)
        for held in sorted(candidates, key=lambda h: h.entity.id not in in_article):
            # Compared with the entity's canonical name only, never with any variant it
            # absorbed: A~B and B~C must not pull C in when C is not like A.
            center = held.center
            if kind == "PER":
                reason = same_person(name.keys, center)
            else:
                reason = same_name(name.keys, center) or same_in_table(kind, name.keys, center)
            if reason:
                return held, f"{reason}: «{held.entity.name}»"
        return None, ""

    def _match_partial(
        self, name: Name, candidates: list[_Held], in_article: set[str]
    ) -> tuple[_Held | None, str]:
        """Where a one-word person name belongs: a full name in this article, one known elsewhere, or itself."""
        key = name.keys[0]
        if len(skeleton(key).lstrip("ayw")) < 3:
            full = []  # الله, علي: too short to say whose family name it is
        else:
            full = [h for h in candidates if any(same_word(key, keys[-1]) for keys in h.full_names)]
        here = [h for h in full if h.entity.id in in_article]
        # إيفانكا ترامب named in full does not make «ترامب» alone hers when دونالد ترامب is better
        # known.  A rival named in as many articles is not: two people first met in one article each
        # (نوري / تركي المالكي) would otherwise leave the name apart or not by which came first.
        if len(here) == 1 and all(h is here[0] or h.article_count <= here[0].article_count for h in full):
            return here[0], f"اسم العائلة وحده؛ ذكر المقال الاسم الكامل «{here[0].entity.name}»"
        # A common given name alone (عبد الله, محمد, علي) is anyone's: only its own article says whose.
        chosen, reason = (None, "") if _given_name(name.display) else self._by_context(full, in_article)
        if not chosen:
            chosen, reason = self._best_known(key, full)
        if chosen:
            return chosen, reason
        for held in candidates:
            # A full name is reached only through the article, shared context or fame, as above;
            # an entity whose own name is this one word (أبو الغيط, of one key) is not.
            if len(held.center) == 1 and same_word(key, held.center[0]):
                return held, f"{SAME_SPELLING}: «{held.entity.name}»"
        return None, ""

    def _by_context(self, full: list[_Held], in_article: set[str]) -> tuple[_Held | None, str]:
        """The full name whose earlier articles share clearly the most entities with this article."""
        scored = sorted(((self._shared_context(h, in_article), h) for h in full), key=lambda x: -len(x[0]))
        if not scored or len(scored[0][0]) < PARTIAL_MIN_SHARED:
            return None, ""
        best, held = scored[0]
        if len(scored) > 1 and len(best) < PARTIAL_DOMINANCE * len(scored[1][0]):
            return None, ""
        others = f" (وهو واحد من {len(full)} أسماء كاملة معروفة به)" if len(full) > 1 else ""
        return held, (
            f"اسم العائلة وحده؛ ظهر «{held.entity.name}»{others} من قبل مع "
            f"{len(best)} من كيانات هذا المقال، منها «{best[0]}»"
        )

    def _best_known(self, key: str, full: list[_Held]) -> tuple[_Held | None, str]:
        """The full name with this family name far better known than anyone else with the word in their name."""
        if not full:
            return None, ""
        ranked = sorted(full, key=lambda h: (-h.article_count, h.entity.id))
        held, best = ranked[0], ranked[0].article_count
        rivals = [h.article_count for h in [*ranked[1:], *self._given_name_holders(key)] if h is not held]
        runner_up = max(rivals, default=0)
        if best < PARTIAL_MIN_ARTICLES or best < PARTIAL_FAME_RATIO * runner_up:
            return None, ""
        if runner_up == 0:
            why = f"هو الاسم الكامل الوحيد المعروف به (في {counted(best, 'مقال', case='gen')})"
        else:
            why = f"أشهر بكثير من غيره ممن يحمل هذا الاسم ({counted(best, 'مقال')} مقابل {runner_up})"
        return held, f"اسم العائلة وحده؛ «{held.entity.name}» {why}"

    def _given_name_holders(self, key: str) -> list[_Held]:
        """Known people whose full name starts with this word (عباس of عباس عراقجي)."""
        return [
            self._held[i]
            for i in sorted(self._by_given.get(skeleton(key), ()))
            if any(len(keys) > 1 and same_word(key, keys[0]) for keys in self._held[i].names)
        ]

    def _shared_context(self, held: _Held, in_article: set[str]) -> list[str]:
        """Names of this article's entities that appeared in an article with ``held`` before."""
        others = [self._held[i] for i in sorted(in_article) if self._held[i] is not held]
        stored: set[str] = set()
        if self._links and held.stored_articles:
            asked = [o.entity.id for o in others if o.stored_articles]
            stored = self._links.entities_named_with(held.entity.id, asked) if asked else set()
        return [o.entity.name for o in others if o.entity.id in stored or o.article_set & held.article_set]

    # -- settling a batch ----------------------------------------------------------------------

    def _settle(self, in_article: dict[str, set[str]]) -> dict[str, str]:
        """Join one-word person entities to the full name the rules give them now; ids that moved.

        A one-word entity met before its full name, in an earlier batch or earlier in the
        store, would otherwise stay apart for ever.  Only an entity made by this call may
        disappear into another (its mentions are not written yet): a new one-word entity joins
        its full name, a new full name joins the stored one-word entity (which keeps its id).
        """
        for article_id, ids in in_article.items():
            self._article_entities.setdefault(article_id, set()).update(ids)
        moved: dict[str, str] = {}
        # The one-word names to look at: those made now, and those a full name made now ends with.
        touched = self._made | {i for ids in in_article.values() for i in ids}
        families = {
            Name(h.center[-1], (h.center[-1],))
            for i in sorted(touched)
            for h in [self._held[i]]
            if h.entity.type == "PER"
        }
        if self._lookup:
            self._fetch(
                k for name in sorted(families, key=lambda n: n.keys) for k in lookup_keys("PER", name)
            )
        lone_ids = {i for name in families for i in self._candidates("PER", name)}
        lone = [
            self._held[i]
            for i in sorted(lone_ids)
            if len(self._held[i].center) == 1 and not self._held[i].full_names
        ]
        for held in lone:
            if held.entity.id not in self._held:
                continue
            key = held.center[0]
            if len(skeleton(key).lstrip("ayw")) < 3:
                continue
            name = Name(held.entity.name, held.center)
            candidates = [self._held[i] for i in sorted(self._candidates("PER", name)) if i != held.entity.id]
            full = [h for h in candidates if any(same_word(key, keys[-1]) for keys in h.full_names)]
            if not full or not ({held.entity.id} | {h.entity.id for h in full}) & touched:
                continue
            same = [h for h in full if len(h.center) == 1 and same_word(key, h.center[0])]
            chosen, reason = (same[0], f"{SAME_SPELLING}: «{same[0].entity.name}»") if same else (None, "")
            if not chosen and not _given_name(held.entity.name):
                chosen, reason = self._context_of(held, full)
            if not chosen:
                chosen, reason = self._best_known(key, full)
            if not chosen:
                continue
            if chosen.entity.id in self._made and held.entity.id not in self._made:
                # a stored family name keeps its id: its articles already link to it
                why = f"الاسم الكامل لاسم العائلة «{held.entity.name}» الذي عُرف وحده من قبل: {reason}"
                self._absorb(held, chosen, why)
                moved[chosen.entity.id] = held.entity.id
            else:
                self._absorb(chosen, held, reason)
                moved[held.entity.id] = chosen.entity.id
        for old, new in list(moved.items()):
            while new in moved:
                new = moved[new]
            moved[old] = new
        for ids in self._article_entities.values():
            for old in ids & moved.keys():
                ids.discard(old)
                ids.add(moved[old])
        return moved

    def _context_of(self, lone: _Held, full: list[_Held]) -> tuple[_Held | None, str]:
        """The full name that shares clearly the most co-mentioned entities with a one-word entity."""
        scored = sorted(
            ((self._shared_between(lone, h), h) for h in full), key=lambda x: (-len(x[0]), x[1].entity.id)
        )
        if not scored or len(scored[0][0]) < PARTIAL_MIN_SHARED:
            return None, ""
        best, held = scored[0]
        if len(scored) > 1 and len(best) < PARTIAL_DOMINANCE * len(scored[1][0]):
            return None, ""
        names = sorted(self._held[i].entity.name for i in best if i in self._held)
        return held, (
            f"اسم العائلة وحده؛ ظهر «{held.entity.name}» مع {len(best)} من الكيانات التي ذُكر معها"
            + (f"، منها «{names[0]}»" if names else "")
        )

    def _shared_between(self, a: _Held, b: _Held) -> set[str]:
        """Ids of entities named in an article with ``a`` and in an article with ``b``.

        The entities looked at are those named beside one of the two in this resolver's
        articles; whether they also appeared beside the other is read from its articles, or
        from the store's links for the articles it was stored with.
        """
        found: set[str] = set()
        for one, other in ((a, b), (b, a)):
            near = self._named_with(other) - {one.entity.id}
            found |= {i for i in near if self._held[i].article_set & one.article_set}
            if self._links and one.stored_articles and near:
                found |= self._links.entities_named_with(one.entity.id, near)
        if self._links and a.stored_articles and b.stored_articles:  # both named in stored articles only
            first, second = sorted((a, b), key=lambda h: (h.stored_articles, h.entity.id))
            found |= self._links.entities_named_with_both(first.entity.id, second.entity.id)
        return found - {a.entity.id, b.entity.id}

    def _named_with(self, held: _Held) -> set[str]:
        """Entities named in the articles resolved here that name ``held``."""
        found: set[str] = set()
        for article_id in held.article_set:
            found |= self._article_entities.get(article_id, set())
        return {i for i in found if i in self._held} - {held.entity.id}

    def _absorb(self, keep: _Held, gone: _Held, reason: str) -> None:
        """Move every spelling, mention and article of ``gone`` into ``keep`` and forget ``gone``."""
        entity, other = keep.entity, gone.entity
        for variant in other.variants:
            if variant not in entity.spellings:
                entity.variants.append(variant)
                entity.spellings[variant] = 0
                entity.merges.append(MergeEvidence(variant, reason))
            entity.spellings[variant] += other.spellings.get(variant, 0)
        entity.merges.extend(m for m in other.merges if m.variant not in {x.variant for x in entity.merges})
        entity.mentions += other.mentions
        for role, phrase in other.roles.items():
            if phrase < entity.roles.get(role, "\uffff"):
                entity.roles[role] = phrase
        if entity.types or other.types:
            votes = Counter(_types_of(entity)) + Counter(_types_of(other))
            entity.types = dict(sorted(votes.items()))
        for article_id in other.articles:
            if article_id not in keep.article_set:
                keep.article_set.add(article_id)
                entity.articles.append(article_id)
        keep.stored_articles += gone.stored_articles
        entity.name = canonical_name(entity.spellings, entity.type)
        if other.id in self._stored:
            self._gone[other.id] = entity.id
        del self._held[other.id]
        for ids in [*self._by_block.values(), *self._by_given.values()]:
            ids.discard(other.id)
        self._changed.discard(other.id)
        self._made.discard(other.id)
        self._changed.add(entity.id)
        for keys, display in gone.names.items():
            self._index(keep, Name(display, keys))

    def _candidates(self, kind: str, name: Name) -> set[str]:
        """Ids of entities sharing a blocking key with ``name``."""
        found: set[str] = set()
        for block in blocks(kind, name):
            found |= self._by_block.get((kind, block), set())
        return found

    # -- bookkeeping ---------------------------------------------------------------------------

    def _record(
        self, held: _Held | None, article_id: str | None, kind: str, name: Name, reason: str, found_as: str
    ) -> _Held:
        """Add one mention to ``held`` (a new entity when None); ``article_id`` None: seen before, count nothing."""
        if held is None:
            held = self._create(kind, name)
            reason = ""
        entity = held.entity
        if name.display not in entity.spellings:
            entity.variants.append(name.display)
            entity.spellings[name.display] = 0
            self._changed.add(entity.id)
            if reason:
                entity.merges.append(MergeEvidence(name.display, reason + removed_note(name)))
        if article_id is not None:
            entity.spellings[name.display] += 1
            entity.mentions += 1
            entity.types[found_as] = entity.types.get(found_as, 0) + 1
            if article_id not in held.article_set:
                held.article_set.add(article_id)
                entity.articles.append(article_id)
            entity.name = canonical_name(entity.spellings, kind)
            self._changed.add(entity.id)
        self._index(held, name)
        return held

    def _create(self, kind: str, name: Name) -> _Held:
        """A new entity whose id hashes its type and the first name's key."""
        base = hashlib.sha1(f"{kind}|{' '.join(name.keys)}".encode()).hexdigest()
        entity_id, n = f"ent_{base[:12]}", 1
        while entity_id in self._held:
            n += 1
            entity_id = f"ent_{hashlib.sha1(f'{base}|{n}'.encode()).hexdigest()[:12]}"
        held = _Held(Entity(entity_id, name.display, kind, [], [], 0, [], {}))
        self._held[entity_id] = held
        self._changed.add(entity_id)
        self._made.add(entity_id)
        return held

    def _hold(self, entity: Entity) -> None:
        """Take a stored entity in (a copy: the caller's record is never changed)."""
        if entity.id in self._held:
            return  # already held: the held copy is the newer one
        held = _Held(replace(entity, variants=list(entity.variants), articles=list(entity.articles)))
        held.entity.merges = list(entity.merges)
        held.entity.spellings = dict(entity.spellings) or {v: 1 for v in entity.variants}
        held.entity.types = dict(_types_of(entity))
        held.entity.roles = dict(entity.roles)
        held.article_set = set(entity.articles)
        self._articles |= held.article_set
        self._held[entity.id] = held
        self._stored.add(entity.id)
        for variant in entity.variants:
            self._index(held, plain_name(variant, entity.type))

    def _fetch(self, keys: Iterable[str]) -> None:
        """Hold the stored entities with any of these keys not asked for before."""
        new = sorted(set(keys) - self._asked)
        if self._lookup is None or not new:
            return
        self._asked.update(new)
        fetched = [e for e in self._lookup(new) if e.id not in self._held]
        counts = self._links.entity_article_counts(e.id for e in fetched) if self._links and fetched else {}
        for entity in fetched:
            self._hold(entity)
            self._held[entity.id].stored_articles = counts.get(entity.id, 0)

    def _index(self, held: _Held, name: Name) -> None:
        """Remember ``name`` as one of ``held``'s names."""
        held.names.setdefault(name.keys, name.display)
        kind = held.entity.type
        for block in blocks(kind, name):
            self._by_block.setdefault((kind, block), set()).add(held.entity.id)
        if kind == "PER" and len(name.keys) > 1:
            self._by_given.setdefault(skeleton(name.keys[0]), set()).add(held.entity.id)


class _ArticleWords:
    """The article's folded words, read only if a clitic question needs them."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = {fold(w) for w in _WORD.findall(self._text)}
        return word in self._words


class _NameWords:
    """Word keys the clitic test may take as a name's: the article's own names', the gazetteer's
    and the place table's (بريطانيا, which the gazetteers lack)."""

    def __init__(self, article: set[str] | None = None) -> None:
        self._article = article or set()

    def __contains__(self, key: object) -> bool:
        return (
            key in self._article
            or key in listed_name_words()
            or (isinstance(key, str) and place_id((key,)) is not None)
        )


# Types a name's mentions vote on; the others (PRODUCT, EVENT, MISC) keep the type they were found with.
_VOTING = ("LOC", "ORG", "PER")  # a tie goes to the first


def _type_key(kind: str, name: Name) -> str:
    """What mentions of one name share, whatever type each was found with: its shown words, so a
    descriptor counts («حزب الله» and «الله» are two names, though «حزب» leaves the former's key)."""
    return _shown_key(name) if kind in _VOTING else ""


def _shown_key(name: Name) -> str:
    """A name's shown spelling, folded, its words run together (the vote is on the spelling,
    not on the looser word keys: «غاري» and «جاري» are two names)."""
    return "".join(fold(w) for w in name.display.split())


def _batch_types(
    articles: Sequence[tuple[str, str, list[Mention]]], names: list[list[Name]], prior: dict[str, Counter]
) -> dict[str, str]:
    """Per name (``_type_key``), the one type all its mentions take.

    A name the place table (``place_aliases``) knows is a place when the recogniser read
    it as a person: a capital is never a person.  Otherwise the type most of the batch's mentions give
    the name; on a tie, the type the recogniser's gazetteer knows it under, if one.  Both
    are the same whatever the order of the articles in the batch.  ``prior`` are the votes
    of the stored entities with the name (``EntityResolver._type_votes``), so that a name's type
    is decided by all its mentions whatever the batches they came in.
    """
    votes: dict[str, Counter] = {}
    known: dict[str, set[str]] = {}
    revoted: set[str] = set()
    for key, count in prior.items():
        votes[key] = Counter(count)
    for (_, _, mentions), article_names in zip(articles, names, strict=True):
        for mention, name in zip(mentions, article_names, strict=True):
            key = _type_key(mention.type, name)
            if not key:
                continue
            # «شركتا بوينغ» read as a person's name is a company's: its first word says so.
            found_as = (descriptor_type(name.display) or "PER") if mention.type == "PER" else mention.type
            votes.setdefault(key, Counter())[found_as] += 1
            if found_as != mention.type:
                revoted.add(key)
            said = gazetteer_type(name.display)
            # The place table overrules a person reading only: an organisation named after a
            # place (a country's team, its government) stays what the recogniser said.
            known.setdefault(key, set()).add(said if said != "place" or mention.type == "PER" else "")
    decided = {}
    for key, count in votes.items():
        if key not in known:
            continue  # a stored name this batch does not name
        said = known[key] - {""}
        listed = next(iter(said)) if len(said) == 1 else ""
        if listed == "place":
            decided[key] = "LOC"
        elif len(count) > 1 or key in revoted:
            decided[key] = max(_VOTING, key=lambda k: (count[k], k == listed, -_VOTING.index(k)))
    return decided


@cache
def listed_name_words() -> frozenset[str]:
    """Word keys of the words of every name the recogniser's gazetteer lists (countries, cities,
    ANERgazet's people and organisations): the clitic test's evidence beside the article's names."""
    found = gazetteer()
    words = set(found.words)
    words.update(w for phrases in found.phrases.values() for parts, _ in phrases for w in parts)
    return frozenset(word_key(w) for w in words)


@lru_cache(maxsize=100_000)
def gazetteer_type(display: str) -> str:
    """What the gazetteers say a name is, clitic and titles off ("" when they do not say, or disagree).

    "place" for a country of the place table, or another place of it that is not also a
    person's name (Wikidata's person-name words, the recogniser's person gazetteer): جاسم
    and خان are towns and men, بيونغ يانغ only a city.  Else the one type the recogniser's
    gazetteer lists the name under.
    """
    place = plain_name(display, "LOC")
    words = tuple(fold(w) for w in place.display.split())
    if not words:
        return ""
    found = gazetteer()
    if len(words) == 1:
        kinds = found.words.get(words[0], frozenset())
    else:
        kinds = frozenset(kind for parts, kind in found.phrases.get(words[0], ()) if parts == words)
    where = place_id(place.keys)
    if where and (
        where.startswith("country:")
        or ("PER" not in kinds and not (len(words) == 1 and "P" in name_tokens().get(words[0], "")))
    ):
        return "place"
    return next(iter(kinds)) if len(kinds) == 1 and next(iter(kinds)) in _VOTING else ""


def _given_name(display: str) -> bool:
    """Whether a one-word name is a given name of the person gazetteer (ANERgazet's are mostly given names)."""
    return "PER" in gazetteer().words.get(fold(display.replace(" ", "")), ())


def _types_of(entity: Entity) -> dict[str, int]:
    """The types an entity's mentions were found with (its type, for one stored before they were kept)."""
    return entity.types or {entity.type: entity.mentions}


def _canonical(kind: str, name: Name) -> tuple:
    """Where a name comes in a batch's canonical order (``_resolution_order``, then the name)."""
    return (_resolution_order(kind, name), kind, name.keys, name.display)


def _resolution_order(kind: str, name: Name) -> tuple[int, int]:
    """Others first, then full person names, then one-word person names (they look for full ones)."""
    if kind != "PER":
        return (0, 0)
    return (1, 0) if len(name.keys) > 1 else (2, 0)


def canonical_name(spellings: dict[str, int], kind: str) -> str:
    """The most frequent full spelling (for a person: of two or more name words when there is one).

    Words are counted as the resolver compares them: «أبو الغيط» and «عبد الله» are one name
    word, so «أحمد أبو الغيط» is the full name, whichever is written more often."""
    full = [s for s in spellings if len(plain_name(s, kind).keys) > 1] if kind == "PER" else []
    pool = full or list(spellings)
    return max(
        sorted(pool), key=lambda s: spellings[s]
    )  # a tie goes to the first in sorted order, whatever came first
