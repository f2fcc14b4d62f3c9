"""The citation graph across the store: which outlets cite which sources, and who reported first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from marsad.model import Article
from marsad.scoring.sources import fold_word, known_source, same_outlet


def _canonical_outlet(name: str) -> str:
    """An outlet's own name in the graph's spelling, so "CNN" citing "سي إن إن" is a self-citation."""
    source = known_source(fold_word(name))
    return source.name if source else name


def citation_edges(articles: Iterable[Article]) -> list[tuple[str, str, str, int]]:
    """(citing outlet, cited source, kind, articles) edges, heaviest first.

    ``articles`` counts the citing outlet's articles that cite the source at least once, so a
    source named five times in one article is one citation.  Copies (``duplicate_of``) are left
    out: a republished article cites nothing of its own.  An outlet naming itself is no edge.

    >>> from marsad.model import Article, Citation, Source
    >>> a = Article("1", "x", "…", source=Source("سكاي نيوز عربية"),
    ...             attributions=[Citation("رويترز", "agency", "رويترز", 0, 6)])
    >>> citation_edges([a])
    [('سكاي نيوز عربية', 'رويترز', 'agency', 1)]
    """
    edges: Counter[tuple[str, str, str]] = Counter()
    for article in articles:
        if article.duplicate_of:
            continue
        citing = _canonical_outlet(article.source.name or "?")
        own = article.source.name or citing
        cited = {(c.to, c.kind) for c in article.attributions if not same_outlet(own, c.to)}
        edges.update((citing, to, kind) for to, kind in cited)
    return [(a, b, kind, n) for (a, b, kind), n in sorted(edges.items(), key=lambda item: (-item[1], item[0]))]


def first_reporters(articles: Iterable[Article]) -> dict[str, tuple[str, str]]:
    """Event id -> (outlet, article id) of the earliest original report of that event.

    Copies never count as first; articles without a publication date cannot be first.
    """
    first: dict[str, tuple[str, str, str]] = {}
    for article in articles:
        if not article.event or article.duplicate_of or not article.published:
            continue
        known = first.get(article.event)
        if known is None or article.published < known[0]:
            first[article.event] = (article.published, article.source.name or article.origin, article.id)
    return {event: (outlet, article_id) for event, (_, outlet, article_id) in first.items()}
