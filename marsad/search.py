"""Search: what an article is indexed under, what a query asks for, and highlighted snippets.

The index and the query share one normalisation, the text layer's (``marsad.text``):
every word is normalised (أ إ آ -> ا, ى -> ي, ة -> ه, diacritics off), its proclitics
split off (و ف ب ك ل ال), and kept in two forms: the *base* («بالمغرب» -> مغرب) and
the light *stem* («المغربية» -> مغرب).  A query word matches the same base anywhere,
or the same stem with a lower weight (see ``COLUMN_WEIGHTS``).  Stop words are
neither indexed nor searched: «في» alone finds nothing rather than everything.

Query syntax: words (all required), ``"quoted phrases"`` (words in that order),
``-word`` or ``-"phrase"`` (excluded).  Anything else is read as words; a query
can never be a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from marsad.store.base import (  # noqa: F401  (the ranking's constants, re-exported)
    COLUMN_WEIGHTS,
    RECENCY_BOOST,
    RECENCY_HALF_LIFE_DAYS,
    ArticleFilter,
    Clause,
    Query,
    SearchHit,
)
from marsad.text import normalize_ar
from marsad.text.tokenize import analyze_word

# The tokeniser's word pattern (marsad.text.tokenize).  "_" is a word character to the regex
# but not to us (#السفارة_الأميركية is two words): ``words`` turns it into a space first.
WORD_RE = re.compile(r"[\w\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+")
_CLAUSE_RE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')

SNIPPET_CHARS = 220


@dataclass(slots=True, frozen=True)
class Snippet:
    """A short passage of an article and the spans in it that match the query."""

    text: str
    highlights: tuple[tuple[int, int], ...]


@lru_cache(maxsize=300_000)
def word_forms(surface: str) -> tuple[str, str] | None:
    """(base, stem) of one written word, or None for a stop word; Latin letters lower-cased.

    Example:
        >>> word_forms("بالمغرب"), word_forms("في")
        (('مغرب', 'مغرب'), None)
    """
    norm = normalize_ar(surface).lower()
    if not norm:
        return None
    if not norm.isalpha():  # numbers, and words mixing digits and letters, match as written
        return norm, norm
    _, base, stem, is_stop = analyze_word(norm)
    return None if is_stop or not base else (base, stem)


class _FormTables:
    """Surface word -> base and -> stem ("" for a stop word, or a stem equal to its base).

    Plain dicts read through ``map(dict.__getitem__, words)``: indexing spends most of
    its time here, and this keeps the per-word work in C.  What is left is memory: a
    lookup in ~220k surfaces costs 100-250 ns, mostly cache misses, so fewer or smaller
    lookups (per distinct base, per whitespace token) did not pay (bench/search.py).
    """

    LIMIT = 500_000  # distinct surfaces kept (~100 MB at most); then start over

    def __init__(self) -> None:
        self.base: dict[str, str] = {}
        self.stem: dict[str, str] = {}

    def learn(self, words: list[str]) -> None:
        """Add the words not seen yet (found with a set difference: most are known)."""
        missing = set(words).difference(self.base)
        if len(self.base) + len(missing) > self.LIMIT:
            self.base.clear()
            self.stem.clear()
            missing = set(words)
        for word in missing:
            forms = word_forms(word)
            self.base[word] = forms[0] if forms else ""
            self.stem[word] = forms[1] if forms and forms[1] != forms[0] else ""

    def bases(self, words: list[str]) -> list[str]:
        """The base of every word, "" for stop words (learning the words not seen yet)."""
        try:
            return list(map(self.base.__getitem__, words))
        except KeyError:
            self.learn(words)
            return list(map(self.base.__getitem__, words))

    def stems(self, words: list[str]) -> list[str]:
        """Stems that differ from their word's base (the others are found through the base)."""
        return list(filter(None, map(self.stem.__getitem__, words)))


_FORMS = _FormTables()


def words(text: str) -> list[str]:
    """The written words of ``text`` in order (as the tokeniser cuts them, "_" cutting too)."""
    return WORD_RE.findall(text.replace("_", " "))


def index_columns(title: str | None, text: str) -> tuple[str, str, str]:
    """What the index stores for an article: title bases, body bases, distinct other stems.

    Each column is its forms joined by spaces.  The stems column holds each stem
    once, and only stems that differ from their word's base: a word whose stem is
    its base is found through the base (see ``_word_expression``).

    Example:
        >>> index_columns("ترامب ينسحب من الاتفاق", "وقال ترامب إن الانسحاب من الاتفاق النووي")
        ('ترامب ينسحب اتفاق', 'ترامب انسحاب اتفاق نووي', 'نوو')
    """
    title_words = words(title or "")
    both = title_words + words(text)
    bases = _FORMS.bases(both)  # one pass over title and body: most of indexing's time is here
    cut = len(title_words)
    title_bases = " ".join(filter(None, bases[:cut]))
    body_bases = " ".join(filter(None, bases[cut:]))
    return title_bases, body_bases, " ".join(dict.fromkeys(_FORMS.stems(both)))


def parse_query(text: str) -> Query:
    """Read a query: words, "quoted phrases", and -excluded words or phrases.

    Example:
        >>> q = parse_query('أمريكا "الاتفاق النووي" -كوريا')
        >>> [(c.bases, c.negated) for c in q.clauses]
        [(('امريكا',), False), (('اتفاق', 'نووي'), False), (('كوريا',), True)]
    """
    clauses: list[Clause] = []
    for match in _CLAUSE_RE.finditer(text):
        if match.group(2) is not None:
            clauses.append(_phrase_clause(match.group(2), negated=bool(match.group(1))))
        else:
            clauses.extend(_word_clauses(match.group(4), negated=bool(match.group(3))))
    return Query(text, tuple(c for c in clauses if c.bases))


def _phrase_clause(text: str, negated: bool) -> Clause:
    """A phrase clause: the forms of its content words, in order."""
    forms = [f for f in map(word_forms, words(text)) if f]
    return Clause(tuple(f[0] for f in forms), tuple(f[1] for f in forms), negated)


def _word_clauses(text: str, negated: bool) -> list[Clause]:
    """One clause per content word of an unquoted chunk ("ترامب،ماكرون" is two words)."""
    clauses = []
    for surface in words(text):
        forms = word_forms(surface)
        if forms:
            clauses.append(Clause((forms[0],), (forms[1],), negated))
    return clauses


def highlight_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """(start, end) offsets of the words of ``text`` that match a word of the query."""
    bases, stems = query.bases(), query.stems()
    spans = []
    for match in WORD_RE.finditer(text.replace("_", " ")):  # same length: offsets hold
        forms = word_forms(match.group())
        if forms and (forms[0] in bases or forms[1] in stems):
            spans.append((match.start(), match.end()))
    return spans


def make_snippet(text: str, query: Query, width: int = SNIPPET_CHARS) -> Snippet:
    """The passage of about ``width`` characters with the most distinct query words, highlighted.

    The passage starts and ends at word boundaries; "…" marks text cut off on
    either side.  Without any match in ``text`` it is the opening of the text.
    """
    spans = highlight_spans(text, query)
    start = _best_window(text, spans, width)
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    passage = " ".join(text[start:end].split())
    shift = len(prefix)
    # Offsets must survive the whitespace squeeze: recompute them on the squeezed passage.
    inner = [(s + shift, e + shift) for s, e in highlight_spans(passage, query)]
    return Snippet(prefix + passage + suffix, tuple(inner))


def _best_window(text: str, spans: list[tuple[int, int]], width: int) -> int:
    """Where the passage starts: the window holding the most distinct matched words."""
    if not spans:
        return 0
    best_start, best_count = spans[0][0], 0
    for i, (first, _) in enumerate(spans):
        words = {text[s:e] for s, e in spans[i:] if e <= first + width}
        if len(words) > best_count:
            best_start, best_count = first, len(words)
    # Start a little before the first match, at a word boundary, so it reads in context.
    lead = max(0, best_start - width // 4)
    space = text.rfind(" ", 0, lead + 1) if lead else -1
    return space + 1 if lead and space >= 0 else lead


def search(
    store: Any, text: str, limit: int = 20, offset: int = 0, where: ArticleFilter | None = None
) -> list[SearchHit]:
    """Articles of ``store`` matching ``text``, by BM25 relevance times a recency boost, with snippets.

    Example:
        >>> search(store, "بالمغرب")[0].snippet            # doctest: +SKIP
        '… أعلنت وزارة الداخلية في المغرب أن …'
    """
    parsed = parse_query(text)
    if parsed.is_empty():
        return []
    ranked = store.ranked_matches(parsed, limit, offset, where)
    found = {a.id: a for a in store.get_articles([i for i, _ in ranked])}
    hits = []
    for article_id, rank in ranked:  # a ranked id no longer stored is left out
        article = found.get(article_id)
        if article is not None:
            snippet = make_snippet(article.text, parsed)
            hits.append(SearchHit(article, round(rank, 4), snippet.text, snippet.highlights))
    return hits


def count_search(store: Any, text: str, where: ArticleFilter | None = None) -> int:
    """How many articles of ``store`` match ``text`` under the filter (for paging)."""
    parsed = parse_query(text)
    return 0 if parsed.is_empty() else store.count_matches(parsed, where)
