"""Articles -> events (stage 5, «الحدث»): one happening, however many outlets report it.

Two articles are linked when their tf-idf vectors are close and they were published within a
couple of days of each other.  A connected group of linked articles is then split by average
linkage, so that one bridging article cannot chain two happenings into one event: parts join
only while the mean similarity of all their pairs stays high.  Links depend only on the two
articles (document frequencies are a fixed table) and the split only on the group's articles, so
the events are the same whatever order the articles arrive in; re-grouping costs the new
articles' candidates plus the groups they join.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix

from marsad import config
from marsad.grouping.actors import NAME_WORD, RARE_WORD
from marsad.grouping.features import SLOT_WORD, cosine, day_number, idf, utc_iso
from marsad.grouping.state import DocRecord
from marsad.model import Article, Event


def is_linked(a: DocRecord, b: DocRecord) -> bool:
    """Whether two articles report the same happening (close vectors, close days, same date named)."""
    if _too_far(a, b):
        return False
    return cosine(a.vector, b.vector) >= link_threshold(a, b)


def _too_far(a: DocRecord, b: DocRecord) -> bool:
    """Whether two articles are further apart in time than one happening's reports: by their
    publication days, or for an undated article by the latest date it writes (``happening_day``)."""
    first = a.day if a.day is not None else a.happened
    second = b.day if b.day is not None else b.happened
    return first is not None and second is not None and abs(first - second) > config.GROUPING_EVENT_DAYS


def link_threshold(a: DocRecord, b: DocRecord) -> float:
    """The cosine two articles need: higher when something says they report different happenings.

    That is when they were published on different days, both name a day for what happened and
    the days differ (an explainer of yesterday's decision against a report of today's reaction
    to it), lead with different actors (rule 3 of the labelling guide: one actor's reaction is its
    own event), or one leads with a reaction by an actor the other's lead does not name.  An
    article that names no day says nothing either way: a match report naming "last night" and
    one naming no day are the same final.  Lower when both titles or leads hold one rare name
    (``shares_rare_name``), which outweighs the days and the actors but not a reaction lead.
    """
    if _reaction_apart(a, b) or _reaction_apart(b, a):
        return config.GROUPING_EVENT_SIMILARITY_APART
    if counterparts_conflict(a, b) or template_instances(a, b):
        return config.GROUPING_EVENT_SIMILARITY_INSTANCE
    if _counterparts_differ(a, b):
        return config.GROUPING_EVENT_SIMILARITY_APART
    if instances_apart(a, b):
        return config.GROUPING_EVENT_SIMILARITY_INSTANCE
    if shares_rare_name(a, b):
        return config.GROUPING_EVENT_SIMILARITY_NAMED
    if _differ(a.day, b.day) or _differ(a.happened, b.happened) or _differ(a.actor, b.actor):
        return config.GROUPING_EVENT_SIMILARITY_APART
    return config.GROUPING_EVENT_SIMILARITY


def shares_rare_name(a: DocRecord, b: DocRecord) -> bool:
    """Whether both titles or leads hold the same rare word (``features.rare_lead_words``).

    Build-up interviews and the report of a farewell match all name the player; reports of a
    programme launch quote different ministers but all name the programme (guide, rules 1 and 6).
    The people quoted are then participants of one happening, not actors of different ones, and
    the reports are often worded so differently that their cosine stays low.  The word must be a
    name in at least one of the two (``actors.lead_names``): a shared year, month, reporter's
    byline or town says nothing of the happening (on the SaudiNewsNet dev day the rule's links
    were right 16 times in 43 before it counted names only).
    """
    names_a, names_b = _rare_words(a), _rare_words(b)
    return any(word in names_b and NAME_WORD in (names_a[word] + names_b[word]) for word in names_a)


def _rare_words(doc: DocRecord) -> dict[str, str]:
    """The rare lead words of an article, each with its mark (NAME_WORD or RARE_WORD)."""
    return {n[1:]: n[0] for n in doc.lead_names if n[:1] in (NAME_WORD, RARE_WORD)}


def _counterparts_differ(a: DocRecord, b: DocRecord) -> bool:
    """Whether both leads name who or where, and name nothing in common: two instances of one kind
    of item (the prince's call with the Yemeni president and his call with the king of Jordan; the
    teacher interviews of Tabuk and of Jazan) share their template's words, not their happening."""
    first, second = _lead_entities(a), _lead_entities(b)
    return len(first) >= 2 and len(second) >= 2 and not first & second


def counterparts_conflict(a: DocRecord, b: DocRecord) -> bool:
    """Whether each title names someone or somewhere (``features.title_names``) that the other
    article never names, as a word or as an entity (``features.names``): two instances of one
    template («تعليم تبوك يبدأ المقابلات» and «تعليم جازان يبدأ المقابلات»), whose shared wording
    is the template's.  Compared by the words of the names as well as by entity ids, because ids
    disagree across outlets where the words agree (and the reverse, for two spellings of a name);
    a report naming the other's counterpart anywhere, even in passing, is not in conflict with it.
    """
    return _unnamed(a, b) and _unnamed(b, a)


def _unnamed(a: DocRecord, b: DocRecord) -> bool:
    """Whether ``a``'s title names something ``b`` never names."""
    named = set(b.names)
    return any(not _title_name_keys(name) & named for name in a.title_names)


def _title_name_keys(name: str) -> set[str]:
    """A title name's term and its entities (``@id``), as ``features.names`` writes them."""
    term, *entities = name.split("\t")
    return {term, *("@" + e for e in entities)}


def template_instances(a: DocRecord, b: DocRecord) -> bool:
    """Whether two titles are one template filled in at one place with different names: they share
    at least two terms and half of the shorter title's, and at the same place of that shared
    wording (between the same shared terms) each holds a slot word (``features.title_terms``: a
    definite word or a name, of idf GROUPING_TEMPLATE_SLOT_IDF or more) that the other article
    never names.  «"الصحة" تقيم حفل معايدة لمنسوبيها» and «ديوان المظالم يُقيم حفل معايدة لمنسوبيه»,
    «خادم الحرمين يستقبل وزير الخارجية المصري» and «... الفرنسي»: two bodies' receptions, two
    visitors.  The place matters: «خادم الحرمين يبحث العلاقات الثنائية مع وزير الدفاع» against
    «خادم الحرمين يستقبل وزير الدفاع الأمريكي» words one meeting apart, not two meetings.  Counterparts
    too common for ``counterparts_conflict`` (idf under GROUPING_COUNTERPART_IDF: «الصحة», «مصر»)
    are caught here, where the shared template vouches that the two are one kind of item."""
    return _instances((a.title_terms, _plain_terms(a), set(a.names)), (b.title_terms, _plain_terms(b), set(b.names)))


TitleParts = tuple[list[str], list[str], set[str]]  # marked title terms, the same unmarked, names


def _instances(first: TitleParts, second: TitleParts) -> bool:
    shared = set(first[1]) & set(second[1])
    if not _alike(len(shared), len(set(first[1])), len(set(second[1]))):
        return False
    places = _slot_places(first[0], first[1], shared, second[2])
    return bool(places) and bool(places & _slot_places(second[0], second[1], shared, first[2]))


def _plain_terms(doc: DocRecord) -> list[str]:
    return [t.removeprefix(SLOT_WORD) for t in doc.title_terms]


def _alike(shared: int, first: int, second: int) -> bool:
    """Whether two titles sharing ``shared`` terms of ``first`` and ``second`` are one template's."""
    return shared >= 2 and shared >= config.GROUPING_TEMPLATE_SHARE * min(first, second)


def _slot_places(marked: list[str], plain: list[str], shared: set[str], named: set[str]) -> set[tuple]:
    """The places (the shared terms before and after) of the title's slot words outside the shared
    wording that the other article never names."""
    places = set()
    for index, term in enumerate(plain):
        if (
            marked[index].startswith(SLOT_WORD)
            and term not in shared
            and idf(term) >= config.GROUPING_TEMPLATE_SLOT_IDF
            and not _named(term, named)
        ):
            before = next((t for t in reversed(plain[:index]) if t in shared), None)
            after = next((t for t in plain[index + 1 :] if t in shared), None)
            places.add((before, after))
    return places


def _named(term: str, named: set[str]) -> bool:
    """Whether the other article names the term, or a word it begins with: the stemmer cuts the
    place and its adjective apart («السودان» -> «سود», «السوداني» -> «سودان»; «لبن», «لبنان»)."""
    return term in named or any(term[:end] in named for end in range(3, len(term)))


def instances_apart(a: DocRecord, b: DocRecord) -> bool:
    """Whether two articles were published on different days and each names a different day for
    its news: two instances of a recurring item (the weather of two days, a market's close, a
    daily count), whose template makes them alike, unless they are nearly one text.  A report and
    the next day's explainer of it name the same day; an article naming no day says nothing."""
    return _differ(a.happened, b.happened) and _differ(a.day, b.day)


def _lead_entities(doc: DocRecord) -> set[str]:
    return {n for n in doc.lead_names if n[:1] not in (NAME_WORD, RARE_WORD)}


def _differ(first: object, second: object) -> bool:
    return first is not None and second is not None and first != second


def _reaction_apart(a: DocRecord, b: DocRecord) -> bool:
    """Whether ``a`` leads with a reaction by an actor ``b``'s lead does not name.

    "أدانت الجامعة العربية نقل السفارة ..." against "افتتحت الولايات المتحدة سفارتها ...": the
    reaction shares the happening's words but not its actor (guide, rule 3).  A second report of
    the same reaction names the actor in its lead, and so does a round-up of reactions (rule 2).
    """
    return a.reaction is not None and a.reaction not in b.lead_names and a.reaction != b.actor


def happening_day(article: Article) -> int | None:
    """The day the article says its news happened: the full date it names most in the week before
    publication (earliest on ties), or None when it names none; for an article with no date, the
    latest full date it writes (two undated reports writing months apart are not one event)."""
    if day_number(article.published) is None:
        return latest_written_day([article])  # undated: the latest date it writes, a lower bound
    named = named_dates([article])
    return day_number(min(named, key=lambda d: (-named[d], d))) if named else None


def named_dates(members: Iterable[Article]) -> Counter[str]:
    """How often the articles name each full date within the week before their publication."""
    named: Counter[str] = Counter()
    for article in members:
        published = day_number(article.published)
        for mention in article.dates:
            day = day_number(mention.value) if len(mention.value) == 10 else None
            if (
                day is not None
                and published is not None
                and 0 <= published - day <= config.GROUPING_DATE_REACH
            ):
                named[mention.value] += 1
    return named


def latest_written_day(members: Iterable[Article]) -> int | None:
    """The latest full date the articles' texts write, as a day number, or None.

    An event whose articles carry no date (plain texts) is placed there in the story window, so
    it can join the thread it belongs to (a committee meeting months after a visit) instead of a
    slot of its own; its articles' own dates stay unknown (a background date is no publication)."""
    days = [day_number(m.value) for a in members for m in a.dates if len(m.value) == 10]
    return max((d for d in days if d is not None), default=None)


def connected(start: Iterable[str], docs: Callable[[Iterable[str]], dict[str, DocRecord]]) -> list[list[str]]:
    """The connected groups of linked articles that contain ``start``, each sorted by key."""
    seen: dict[str, DocRecord] = {}
    groups = []
    for origin in start:
        if origin in seen:
            continue
        group, frontier = [], [origin]
        while frontier:
            found = docs([i for i in frontier if i not in seen])
            seen.update(found)
            group.extend(found.values())
            frontier = sorted({n for d in found.values() for n in d.links if n not in seen})
        groups.append([d.id for d in sorted(group, key=lambda d: d.key)])
    return groups


def pair_similarity(a: DocRecord, b: DocRecord) -> float:
    """How alike two articles of one connected group are, for the split: 1 for copies, -1 when
    published too far apart to be one happening or when they are two instances of one template
    (``template_instances``), else the cosine less a penalty when something sets them apart
    (``link_threshold``)."""
    if _copies(a, b):
        return 1.0
    if _too_far(a, b) or template_instances(a, b):
        return -1.0
    penalty = (
        config.GROUPING_EVENT_APART_PENALTY
        if link_threshold(a, b) > config.GROUPING_EVENT_SIMILARITY
        else 0.0
    )
    return cosine(a.vector, b.vector) - penalty


def _copies(a: DocRecord, b: DocRecord) -> bool:
    # Two copies of one original are not taken for copies of each other: each may hold a
    # different part of it.
    return a.duplicate_of == b.id or b.duplicate_of == a.id or a.content_hash == b.content_hash


def split_group(members: list[DocRecord]) -> list[list[str]]:
    """Average-linkage split of one connected group (``members`` sorted by key): parts merge while
    the mean similarity of their pairs (``pair_similarity``) reaches GROUPING_EVENT_COHESION.
    Returns the parts, each sorted by key, in the order of their earliest article."""
    return [
        [members[i].id for i in part]
        for part in average_linkage(similarities(members), config.GROUPING_EVENT_COHESION)
    ]


def similarities(members: list[DocRecord]) -> np.ndarray:
    """``pair_similarity`` of every pair of ``members``, as one matrix computed with array
    operations: a POST into an event of 800 articles compares 320,000 pairs, which pair by pair in
    Python took 4 seconds.  Each rule of ``link_threshold`` becomes a boolean matrix over all pairs;
    the cosines are one sparse product (the dot products ``features.cosine`` sums)."""
    count = len(members)
    days = _numbers([m.day for m in members])
    happened = _numbers([m.happened for m in members])
    actors = _numbers(_codes([m.actor for m in members]))
    # Published on different days and naming different days, or leading with different actors.
    instances = _differ_matrix(happened) & _differ_matrix(days)
    apart = _differ_matrix(days) | _differ_matrix(happened) | _differ_matrix(actors)
    entities = _incidence([_lead_entities(m) for m in members])
    shared = (entities @ entities.T).toarray() > 0
    sizes = np.array([len(_lead_entities(m)) for m in members]) >= 2
    counterparts = np.outer(sizes, sizes) & ~shared
    rare = [_rare_words(m) for m in members]
    words: dict[str, int] = {}
    rare_rows = _incidence([set(r) for r in rare], words)
    name_rows = _incidence([{w for w, mark in r.items() if mark == NAME_WORD} for r in rare], words)
    names = ((name_rows @ rare_rows.T) + (rare_rows @ name_rows.T)).toarray() > 0
    reaction = _reactions(members)
    conflicts = name_conflicts([m.title_names for m in members], [m.names for m in members])
    penalised = reaction | reaction.T | conflicts | counterparts | instances | (apart & ~names)
    similarity = _cosines([m.vector for m in members]) - config.GROUPING_EVENT_APART_PENALTY * penalised
    similarity[_template_matrix(members)] = -1.0  # two instances of one template: two happenings
    first = _numbers([m.day if m.day is not None else m.happened for m in members])
    similarity[np.abs(first[:, None] - first[None, :]) > config.GROUPING_EVENT_DAYS] = -1.0  # NaN: never
    similarity[_copy_matrix(members)] = 1.0
    similarity[np.arange(count), np.arange(count)] = 1.0
    return similarity


def _numbers(values: list[int | None]) -> np.ndarray:
    """Integers as floats, None as NaN (which differs from nothing and is never too far)."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _codes(values: list[str | None]) -> list[int | None]:
    numbers: dict[str, int] = {}
    return [None if v is None else numbers.setdefault(v, len(numbers)) for v in values]


def _differ_matrix(values: np.ndarray) -> np.ndarray:
    """``_differ`` of every pair: both known and not equal."""
    known = ~np.isnan(values)
    return np.outer(known, known) & (values[:, None] != values[None, :])


def _incidence(sets: list[set[str]], columns: dict[str, int] | None = None) -> csr_matrix:
    """One row per set, one column per item it holds (``columns``: item -> column, shared by
    matrices that are multiplied together; the items of the rare words are all there first)."""
    columns = {} if columns is None else columns
    indices: list[int] = []
    starts = [0]
    for items in sets:
        indices.extend(columns.setdefault(item, len(columns)) for item in sorted(items))
        starts.append(len(indices))
    return csr_matrix((np.ones(len(indices)), indices, starts), shape=(len(sets), max(1, len(columns))))


def _cosines(vectors: list[dict[str, float]]) -> np.ndarray:
    """Pairwise dot products of sparse unit vectors (``features.cosine`` of every pair)."""
    columns: dict[str, int] = {}
    weights: list[float] = []
    indices: list[int] = []
    starts = [0]
    for vector in vectors:
        for term, weight in vector.items():
            indices.append(columns.setdefault(term, len(columns)))
            weights.append(weight)
        starts.append(len(indices))
    rows = csr_matrix((weights, indices, starts), shape=(len(vectors), max(1, len(columns))))
    return (rows @ rows.T).toarray()


def _reactions(members: list[DocRecord]) -> np.ndarray:
    """``_reaction_apart(a, b)`` for every pair (row a, column b)."""
    holders: dict[str, list[int]] = {}
    for index, member in enumerate(members):
        for name in {*member.lead_names, *([member.actor] if member.actor else [])}:
            holders.setdefault(name, []).append(index)
    apart = np.zeros((len(members), len(members)), dtype=bool)
    for index, member in enumerate(members):
        if member.reaction is not None:
            apart[index] = True
            apart[index, holders.get(member.reaction, [])] = False
    return apart


def name_conflicts(title_names: list[list[str]], names: list[list[str]]) -> np.ndarray:
    """``counterparts_conflict`` of every pair of items (articles, or events for the story split),
    given each one's title names and names: a sparse product finds which items name each title
    name, an owner matrix which of an item's title names each other item misses."""
    count = len(title_names)
    owners = [i for i, held in enumerate(title_names) for _ in held]
    if not owners:
        return np.zeros((count, count), dtype=bool)
    columns: dict[str, int] = {}
    named = _incidence([set(n) for n in names], columns)
    keys = _incidence([_title_name_keys(n) for held in title_names for n in held], columns)
    width = max(1, len(columns))
    named = csr_matrix((named.data, named.indices, named.indptr), shape=(count, width))
    keys = csr_matrix((keys.data, keys.indices, keys.indptr), shape=(len(owners), width))
    missed = ((keys @ named.T).toarray() == 0).astype(float)  # title name k, article j: j never names k
    owner = csr_matrix((np.ones(len(owners)), (owners, range(len(owners)))), shape=(count, len(owners)))
    unnamed = (owner @ missed) > 0
    return unnamed & unnamed.T


def _template_matrix(members: list[DocRecord]) -> np.ndarray:
    """``template_instances`` of every pair: a sparse product counts the title terms each pair
    shares, and only the pairs whose titles are alike (few, even in a group of hundreds) are read."""
    count = len(members)
    parts: list[TitleParts | None] = [None] * count  # read for the alike pairs only
    titles = [set(_plain_terms(m)) for m in members]
    rows = _incidence(titles)
    shared = (rows @ rows.T).toarray()
    sizes = np.array([len(t) for t in titles])
    alike = (shared >= 2) & (shared >= config.GROUPING_TEMPLATE_SHARE * np.minimum(sizes[:, None], sizes[None, :]))
    found = np.zeros((count, count), dtype=bool)
    for first, second in zip(*np.nonzero(np.triu(alike, k=1)), strict=True):
        for index in (first, second):
            if parts[index] is None:
                member = members[index]
                parts[index] = (member.title_terms, _plain_terms(member), set(member.names))
        if _instances(parts[first], parts[second]):  # type: ignore[arg-type]
            found[first, second] = found[second, first] = True
    return found


def _copy_matrix(members: list[DocRecord]) -> np.ndarray:
    """``_copies`` of every pair: one is a duplicate of the other, or they have one text."""
    hashes = np.array(_codes([m.content_hash for m in members]))
    copies = hashes[:, None] == hashes[None, :]
    position = {m.id: i for i, m in enumerate(members)}
    for index, member in enumerate(members):
        if member.duplicate_of in position:
            copies[index, position[member.duplicate_of]] = copies[position[member.duplicate_of], index] = True
    return copies


def average_linkage(similarity: np.ndarray, cohesion: float) -> list[list[int]]:
    """Average-linkage clustering of items given their pairwise similarities: two parts merge
    while the mean similarity of all their pairs reaches ``cohesion`` (the split of events and of
    stories).  Returns the parts as sorted indices, in the order of their first item; the result
    depends only on the matrix.  Scipy's linkage costs the square of the size, where a plain
    merge loop costs its cube."""
    count = len(similarity)
    if count < 2:
        return [list(range(count))]
    distance = np.clip(1.0 - similarity[np.triu_indices(count, k=1)], 0.0, None)
    labels = fcluster(linkage(distance, method="average"), t=1.0 - cohesion, criterion="distance")
    parts: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        parts.setdefault(int(label), []).append(index)
    return list(parts.values())


def event_id(members: list[str]) -> str:
    """Deterministic event id: from the earliest article (``members`` is sorted by key)."""
    return f"ev-{members[0]}"


def build_event(members: list[Article], docs: dict[str, DocRecord]) -> Event:
    """The Event record of a group of articles (``members`` sorted earliest first)."""
    ids = [a.id for a in members]
    date = event_date(members)
    return Event(
        id=event_id(ids),
        title=representative_title(members, docs, date),
        date=date,
        articles=ids,
        sources=sorted({name for name in map(source_name, members) if name}),
        entities=principal_entities(members),
    )


def source_name(article: Article) -> str | None:
    """Who published the article: its outlet, else its site's host name ("www." dropped); never the
    file or stream it was read from, which says nothing about who reported the event."""
    if article.source.name:
        return article.source.name
    host = urlsplit(article.url or "").hostname
    return host.removeprefix("www.") if host else None


def representative_title(members: list[Article], docs: dict[str, DocRecord], date: str | None) -> str:
    """The headline of the original report closest to the event's centre (earliest on ties), among
    the reports published on the event's ``date`` when there are any: an event spanning two days
    (an election day and the security forces' vote two days before) is named by its own day."""
    centre = summed_vector(docs[a.id].vector for a in members)
    titled = [a for a in members if a.title] or members
    originals = [a for a in titled if not a.duplicate_of] or titled
    on_the_day = [a for a in originals if date and (utc_iso(a.published) or "")[:10] == date]
    originals = on_the_day or originals
    best = max(originals, key=lambda a: (round(cosine(docs[a.id].vector, centre), 6), -members.index(a)))
    return best.title or best.text[:120]


def event_date(members: list[Article]) -> str | None:
    """When it happened: the date the reports name most (within the week before publication),
    else the earliest publication date."""
    named = named_dates(members)
    if named:
        return sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    published = sorted(iso[:10] for a in members if (iso := utc_iso(a.published)))
    return published[0] if published else None


def principal_entities(members: list[Article], limit: int = 10) -> list[str]:
    """The entities most articles of the event mention."""
    counts = Counter(e for a in members for e in {m.entity for m in a.entities if m.entity})
    return [e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def summed_vector(vectors: Iterable[dict[str, float]]) -> dict[str, float]:
    """Unit-length sum of vectors (an event's or a story's centre)."""
    total: Counter[str] = Counter()
    for vec in vectors:
        total.update(vec)
    norm = sum(w * w for w in total.values()) ** 0.5 or 1.0
    return {t: w / norm for t, w in total.items()}
