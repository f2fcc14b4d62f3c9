"""Full-text search over articles."""

from __future__ import annotations

import json

from marsad.model import Article
from marsad.store.base import ArticleFilter, SearchHit


class SearchTables:
    """Mixin for SQLiteStore: search by substring, newest first (the FTS5 index replaces it)."""

    def search(
        self, query: str, limit: int = 20, offset: int = 0, where: ArticleFilter | None = None
    ) -> list[SearchHit]:
        from marsad.store.sqlite import article_where

        clause, params = article_where(where)
        clause = (clause + " AND" if clause else "WHERE") + " instr(data, ?) > 0"
        rows = self.query(  # type: ignore[attr-defined]
            f"SELECT data FROM articles {clause} ORDER BY published DESC LIMIT ? OFFSET ?",
            [*params, query, limit, offset],
        )
        hits = []
        for row in rows:
            article = Article.from_dict(json.loads(row["data"]))
            at = article.text.find(query)
            snippet = article.text[max(0, at - 60) : at + 60] if at >= 0 else (article.title or "")
            hits.append(SearchHit(article, 0.0, snippet))
        return hits
