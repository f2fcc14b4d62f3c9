"""What the grouping stages read from an article: normalised tokens with offsets, terms, a vector.

The Arabic rules come from ``marsad.text`` when it is installed (``normalize_ar``, ``terms``);
otherwise a small built-in normaliser and light stemmer with the same contract stand in, so the
grouping stages work (and are tested) on their own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from itertools import repeat
from operator import mul
from typing import NamedTuple

from marsad import config
from marsad.model import Article

# A letter or digit, then letters, digits and the marks written inside Arabic words («ثمّن» is one
# word, not «ثم» + «ن»); the underscore of a hashtag separates words.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"  # harakat, Quranic marks, tatweel
_WORD = re.compile(f"[^\\W_](?:[^\\W_]|[{_MARKS}\u200c\u200d])*")
_DIACRITICS = re.compile(f"[{_MARKS}]")
_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"}
    | {chr(0x0660 + d): str(d) for d in range(10)}
    | {chr(0x06F0 + d): str(d) for d in range(10)}
)
_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل")
_SUFFIXES = ("هما", "ات", "ون", "ين", "ان", "ها", "هم", "يه", "يا", "ه", "ي")
_EPOCH = date(1970, 1, 1)
_HEADLINE_SEGMENTS = re.compile(r"\.\.+|:")
_HASHTAG = re.compile(r"#([^\s#]+)")
_LEAD_CHARS = 800  # holds the first lead terms; when it holds fewer, the whole text is read
_DIGIT = re.compile(r"\d")
_PROCLITICS = ("وب", "ول", "و", "ف", "ب", "ل")
_DATELINE_CHARS = 80  # a dateline is a reporter, an agency and a place before a colon
_DATELINE_WORDS = 8
_DASH = re.compile("[-–—ـ]")
_DEFINITE = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال")  # normalised: the article after a proclitic
_QUOTES = "\"'«»“”‘’(){}[]"
SLOT_WORD = "+"  # marks a title term that can fill a template's slot (``title_terms``)


class Token(NamedTuple):
    """A word of the text: its normalised form and its character offsets (a tuple: made by the
    hundred thousand, and a frozen dataclass costs several times more to build)."""

    norm: str
    start: int
    end: int


def _builtin_normalize(text: str) -> str:
    """Fold hamza/alef, yaa, taa marbuta, digits; drop diacritics and tatweel; lower-case Latin."""
    return _DIACRITICS.sub("", text).translate(_LETTERS).lower()


@cache
def _normalizer() -> Callable[[str], str]:
    try:
        from marsad.text import normalize_ar
    except ImportError:
        return _builtin_normalize
    return lambda text: normalize_ar(text).lower()


def normalize(text: str) -> str:
    """Normalise Arabic text the way the rest of Marsad does (``marsad.text.normalize_ar``)."""
    return _normalizer()(text)


@cache
def _word_normalizer() -> Callable[[str], str]:
    """``normalize`` for one word, memoised: news vocabulary is Zipfian, and normalising every
    word of every article afresh was 4 % of an ingest's CPU (docs/performance.md).  A word this
    memo has not seen is taken from the tokeniser's own memo, which the keyword stage has
    usually filled with the same article's words: each new word is normalised once per ingest."""
    try:
        from marsad.text.memo import Memo
        from marsad.text.tokenize import normalized
    except ImportError:
        return _normalizer()
    return Memo(lambda word: normalized(word).lower()).__getitem__


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with offsets into the original string, normalised one by one."""
    norm = _word_normalizer()
    found = (Token(norm(m.group()), m.start(), m.end()) for m in _WORD.finditer(text))
    return [token for token in found if token.norm]  # a lone tatweel normalises to nothing


@cache
def _stop_words() -> frozenset[str]:
    raw = resources.files("marsad.grouping").joinpath("data/stop_words.txt").read_text("utf-8")
    return frozenset(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


def _light_stem(word: str) -> str:
    """Strip one clitic prefix and one suffix while at least three letters remain."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _builtin_terms(text: str) -> list[str]:
    stop = _stop_words()
    words = (_builtin_normalize(m.group()) for m in _WORD.finditer(text))
    return [_light_stem(w) for w in words if w not in stop and len(w) > 1 and not w.isdigit()]


@cache
def _term_function() -> Callable[[str], list[str]]:
    try:
        from marsad.text import terms as text_terms
    except ImportError:
        return _builtin_terms
    return text_terms


def term_source() -> str:
    """Which term function is active: "marsad.text" or "builtin" (term_df.tsv records it)."""
    return "builtin" if _term_function() is _builtin_terms else "marsad.text"


def terms(text: str) -> list[str]:
    """Content stems of ``text`` in order, stop words dropped (``marsad.text.terms``)."""
    return _term_function()(text)


@cache
def document_frequencies() -> tuple[dict[str, int], int]:
    """The shipped term document frequencies and the number of documents they were counted on.

    A fixed table (``scripts/build_term_df.py``) rather than counts over the store: similarity
    between two articles must not depend on what else was stored before, or ingest order would
    change the events.
    """
    raw = resources.files("marsad.grouping").joinpath("data/term_df.tsv").read_text("utf-8")
    lines = raw.splitlines()
    header = lines[0].split("\t")
    total = int(header[1])
    table = {}
    for line in lines[1:]:
        term, _, count = line.partition("\t")
        table[term] = int(count)
    return table, total


def idf(term: str) -> float:
    """Inverse document frequency of a term; unseen terms count as seen once."""
    table, total = document_frequencies()
    return math.log((total + 1) / (table.get(term, 0) + 1))


def hashtag_words(text: str) -> str:
    """Hashtags as the words they join: «#برنامج_تطوير_القطاع_المالي» -> «برنامج تطوير القطاع المالي».

    One outlet writes the programme or the minister as a hashtag, another in plain words; joined,
    the hashtag is one rare token that matches nothing, so the two reports would share no term.
    """
    return _HASHTAG.sub(lambda m: m.group(1).replace("_", " "), text)


def vector(article: Article) -> dict[str, float]:
    """The article's unit-length tf-idf vector over title, text and entities (top terms only).

    The text is read after its dateline (``dateline_end``): a reporter's name and the agency credit
    are the outlet's words, and two reports by one reporter are not one happening for them.
    """
    weights: Counter[str] = Counter()
    for term in terms(hashtag_words(article.title or "")):
        weights[term] += config.GROUPING_TITLE_WEIGHT
    body = terms(hashtag_words(article.text[dateline_end(article.text):]))
    for position, term in enumerate(body):
        weights[term] += config.GROUPING_LEAD_WEIGHT if position < config.GROUPING_LEAD_TERMS else 1.0
    scored = {t: (1 + math.log(w)) * idf(t) for t, w in weights.items() if w > 0}
    for entity, rarity in entity_rarities(article).items():
        scored["@" + entity] = config.GROUPING_ENTITY_WEIGHT * rarity
    top = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[: config.GROUPING_VECTOR_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: round(w / norm, 5) for t, w in top}


def rare_lead_words(article: Article) -> list[str]:
    """The rare terms of the title and of the first lead terms, sorted: mostly names.

    A term is rare when its idf reaches GROUPING_LEAD_NAME_IDF (about ten documents of the
    19,346 counted): the player of a farewell match («الهريفي»), a country in the news for once
    («باراغواي»).  Two reports that both put such a word in their title or lead are about the
    same thing, even when the entity stage missed the name in one of them or their leads quote
    different people; a rare word further down is often background and says much less.  The lead
    starts after its dateline («محمد الزهراني- سبق- الباحة:», «واس - الرياض :»), whose reporter
    and agency are the outlet's, not the news's, and a word with a digit (a year, a count) is
    never a name.
    """
    title = terms(hashtag_words(article.title or ""))
    text = article.text[dateline_end(article.text):]
    lead = terms(hashtag_words(text[:_LEAD_CHARS]))
    if len(lead) <= config.GROUPING_LEAD_NAME_TERMS and len(text) > _LEAD_CHARS:
        lead = terms(hashtag_words(text))
    words = {*title, *lead[: config.GROUPING_LEAD_NAME_TERMS]}
    return sorted(w for w in words if idf(w) >= config.GROUPING_LEAD_NAME_IDF and not _DIGIT.search(w))


def name_terms(article: Article) -> frozenset[str]:
    """The terms of the names the entity stage found in the article (persons, organisations and
    what else it names, places excepted), outside its dateline and its dates: which rare words are
    names («الهريفي»), not a month («شوال»), a place many local reports share («تبوك») or a
    common word the fixed idf table happens to rarely see («سفلتة», «مخالفات»)."""
    start = dateline_end(article.text)
    dates = [(d.start, d.end) for d in article.dates]
    found = set()
    for mention in article.entities:
        if mention.type in config.GROUPING_NAME_TYPES and mention.start >= start and not any(
            s < mention.end and mention.start < e for s, e in dates
        ):
            for word in mention.surface.split():
                if not _is_place(word):
                    found.update(terms(word))
    return frozenset(found)


def title_names(article: Article) -> list[str]:
    """Who or where the title names, sorted: each title term of an idf of at least
    GROUPING_COUNTERPART_IDF (no digit) that is a word of a name the entity stage found in the
    article, or a place the gazetteer knows, written ``term`` or ``term<TAB>entity...`` with the
    canonical entities whose names hold it.

    Two instances of one template differ in their titles' names («تعليم تبوك يبدأ المقابلات» and
    «تعليم جازان يبدأ المقابلات»; the prince's call with the king of Jordan and with the Yemeni
    president), and neither text names the other's (``events.counterparts_conflict``).
    """
    holders: dict[str, set[str]] = {}
    for mention in article.entities:
        for term in terms(mention.surface):
            holders.setdefault(term, set()).update([mention.entity] if mention.entity else [])
    found: dict[str, set[str]] = {}
    for word in (article.title or "").split():
        for term in terms(hashtag_words(word)):
            rare = idf(term) >= config.GROUPING_COUNTERPART_IDF and not _DIGIT.search(term)
            if rare and (term in holders or _is_place(word)):
                found.setdefault(term, set()).update(holders.get(term, ()))
    return sorted("\t".join([term, *sorted(entities)]) for term, entities in found.items())


def title_terms(article: Article) -> list[str]:
    """The title's terms in order (none with a digit), each marked SLOT_WORD when it can fill the
    slot of a template: its word carries the definite article («الصحة»، «المصري»، «بالرياض»).  (The
    title's names without the article, «جعجع», counted too on the dev days cost the pan-Arab day's
    recall, and ``counterparts_conflict`` already reads them.)  Two instances of one template («"الصحة" تقيم
    حفل معايدة لمنسوبيها», «ديوان المظالم يقيم حفل معايدة لمنسوبيه»; the king receiving the Egyptian
    and the French foreign ministers) differ in such a word at one place of the shared wording
    (``events.template_instances``); a verb («يستقبل»، «يبحث») never takes the article, so two
    reports of one happening worded apart in their verbs are not read as two instances."""
    found = []
    for word in (article.title or "").split():
        definite = _definite(word)
        for term in terms(hashtag_words(word)):
            if not _DIGIT.search(term):
                found.append(SLOT_WORD + term if definite else term)
    return found


def _definite(word: str) -> bool:
    """Whether a title word carries the definite article, after a joined preposition or و."""
    folded = normalize(word).strip(_QUOTES)
    return any(folded.startswith(p) and len(folded) - len(p) >= 3 for p in _DEFINITE)


def names(article: Article) -> list[str]:
    """What the article names anywhere, sorted: every term of its title and text of an idf of at
    least GROUPING_TEMPLATE_SLOT_IDF, and its canonical entities (``@`` before each id).  Read whole,
    and as words as well as entities, so that a name the entity stage missed or resolved apart in
    one report still counts as named there (``events.counterparts_conflict``,
    ``events.template_instances``)."""
    words = {t for t in terms(hashtag_words(f"{article.title or ''}\n{article.text}"))}
    found = {t for t in words if idf(t) >= config.GROUPING_TEMPLATE_SLOT_IDF}
    found.update("@" + m.entity for m in article.entities if m.entity)
    return sorted(found)


def _is_place(word: str) -> bool:
    """Whether the gazetteer knows the word, bare or after a joined preposition, as a place:
    «جامعة تبوك» is an organisation, but «تبوك» in it names the town."""
    try:
        from marsad.entities.lexicon import gazetteer
        from marsad.entities.tokens import fold
    except ImportError:
        return False
    places, folded = gazetteer().words, fold(word)
    forms = [folded, *(folded[len(p):] for p in _PROCLITICS if folded.startswith(p))]
    return any("LOC" in places.get(form, ()) for form in forms)


def dateline_end(text: str) -> int:
    """Where the text's dateline ends: after a colon within its first words, a dash among them
    («واس - الرياض :», «أحمد الزهراني- سبق- مكة المكرمة:»); 0 when it opens with none."""
    begin = len(text) - len(text.lstrip())  # a line blanked as boilerplate (``boilerplate.blanked``)
    colon = text.find(":", begin, begin + _DATELINE_CHARS)
    head = text[begin:colon]
    if colon < 0 or len(head.split()) > _DATELINE_WORDS or not _DASH.search(head) or "http" in head[-5:]:
        return 0
    return colon + 1


def entity_rarities(article: Article) -> dict[str, float]:
    """Each canonical entity of the article weighted by how rare its name is.

    The rarity of a name is the idf of its rarest word (``مهاتير محمد`` weighs more than ``إيران``),
    from the same fixed table as the terms: two reports sharing a rare person or place say more
    than two sharing the United States, and the weight does not depend on what else is stored.
    """
    found: dict[str, float] = {}
    for mention in article.entities:
        if mention.entity:
            rarity = max((idf(t) for t in terms(mention.surface)), default=0.0)
            found[mention.entity] = max(found.get(mention.entity, 0.0), rarity)
    return found


def headline_actor(article: Article) -> str | None:
    """The person the headline leads with, as a canonical entity id («أردوغان: ...», «ترامب يعلن ...»).

    The first word of the title, or of its second segment when a label or place leads it
    («شاهد.. ترامب يوقع», «بعد رحيله عن أرسنال.. فينغر»), naming one of the article's PER mentions.
    """
    names: dict[str, str] = {}
    for mention in article.entities:
        if mention.entity and mention.type == "PER":
            for word in tokens(mention.surface):
                names.setdefault(word.norm, mention.entity)
    for segment in _HEADLINE_SEGMENTS.split(article.title or "")[:2]:
        words = tokens(segment)
        if words and words[0].norm in names:
            return names[words[0].norm]
    return None


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    # The same products summed in the same order as a generator over a.items() would, but in C:
    # events and stories compare hundreds of vectors per article.
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def utc_key(article: Article) -> str:
    """A sortable 'when published' key in UTC ('~' sorts undated articles last), then the id."""
    return f"{utc_iso(article.published) or '~'}|{article.id}"


def utc_iso(published: str | None) -> str | None:
    """``published`` as a naive UTC ISO string (kept as given when it has no offset)."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return published
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


def day_number(published: str | None) -> int | None:
    """Days since 1970-01-01 of the publication date, or None when unknown."""
    iso = utc_iso(published)
    if not iso:
        return None
    try:
        return (date.fromisoformat(iso[:10]) - _EPOCH).days
    except ValueError:
        return None
