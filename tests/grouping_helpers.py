"""Small hand-made articles for the grouping tests (no shared data needed)."""

from __future__ import annotations

from marsad.grouping import DocRecord, GroupingResult, MemoryState, group
from marsad.model import Article, Mention, Source

WIRE = (
    "أعلنت وزارة الخارجية السودانية اليوم تعيين سبعة وزراء جدد في إطار تعديل وزاري واسع شمل وزيري "
    "الخارجية والنفط وفق ما ذكرت وكالة السودان للأنباء وشمل التعديل أيضا تعيين وزراء الداخلية والعدل "
    "والزراعة والشباب والرياضة إضافة إلى ثمانية ولاة جدد للولايات في أنحاء البلاد"
)
QUOTE = "إن هذه السفارة هي بؤرة استيطانية أمريكية جديدة في القدس ولن نقبل بها أبدا مهما كانت الظروف والضغوط"


def article(ident: str, text: str, title: str = "", published: str = "2018-05-14T10:00:00+00:00",
            source: str = "Outlet") -> Article:
    """An article with just what grouping reads."""
    return Article(id=ident, origin=f"test:{ident}", text=text, title=title or None,
                   published=published, source=Source(source))


def run(articles: list[Article], state: MemoryState | None = None) -> tuple[MemoryState, GroupingResult]:
    """Group ``articles`` into ``state`` (a fresh one by default) and apply the result."""
    state = state or MemoryState()
    result = group(articles, state)
    state.write_grouping(result.rows)
    state.apply(result.articles, result.events, result.stories, result.deleted_events, result.deleted_stories)
    return state, result


def mention(text: str, surface: str, kind: str, entity: str) -> Mention:
    """An entity mention of ``surface`` where it first occurs in ``text``."""
    start = text.index(surface)
    return Mention(surface, kind, start, start + len(surface), entity)


def record(one: Article) -> DocRecord:
    """The grouping row of one article, as the pipeline builds it, for the pairwise rules."""
    from marsad.grouping.features import names, title_names, title_terms, vector

    return DocRecord(
        id=one.id,
        key=one.id,
        day=17000,
        content_hash=one.id,
        bands=[],
        vector=vector(one),
        index_terms=[],
        title_names=title_names(one),
        names=names(one),
        title_terms=title_terms(one),
    )
