"""Response and request models of the HTTP API: the JSON shapes (docs/reference.md), apart from the records.

The stored records (``marsad.model``) are what the stages pass on; these models are
what the API promises, so that the OpenAPI description states every field.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class ErrorOut(BaseModel):
    """Every error the API returns: one line saying what was wrong."""

    error: str = Field(examples=["no such article: AL-123"])


class MovedOut(BaseModel):
    """The answer for an event or story id that no longer exists (301): where its articles went."""

    error: str = Field(examples=["event ev-AL-124 is now ev-AL-123"])
    moved_to: str = Field(description="The id of the group that took most of the old one's articles.",
                          examples=["ev-AL-123"])
    location: str = Field(description="Its path in the API (also the `Location` header), percent-encoded.",
                          examples=["/api/events/ev-AL-123"])


class SourceOut(BaseModel):
    name: str | None
    country: str | None


class PageClaimsOut(BaseModel):
    """What the page itself claimed: its category, «مستوى الصحة» and «الأهمية»."""

    category: str | None
    credibility: int | None
    importance: int | None
    sections: list[str] = Field(default=[], description="Every section the page was filed under, the first "
                                "one first (its category, when the page names one).")


class EvidenceOut(BaseModel):
    signal: str
    effect: float
    detail: str


class ScoreOut(BaseModel):
    score: int = Field(ge=0, le=100)
    evidence: list[EvidenceOut]


class MentionOut(BaseModel):
    entity: str | None
    surface: str
    type: str
    start: int
    end: int


class DateOut(BaseModel):
    surface: str
    value: str
    start: int
    end: int


class CitationOut(BaseModel):
    to: str
    kind: Literal["outlet", "agency", "person", "official", "unnamed"]
    surface: str
    start: int
    end: int


class PassageOut(BaseModel):
    start: int
    end: int
    articles: list[str]


class ArticleOut(BaseModel):
    """An article: its text, what each stage found in it, and its scores with their evidence."""

    id: str
    origin: str
    title: str | None
    text: str
    url: str | None
    language: str
    published: str | None
    published_basis: Literal["page", "feed", "input", "text"] | None
    source: SourceOut
    page: PageClaimsOut
    category: str
    credibility: ScoreOut
    importance: ScoreOut
    keywords: list[str]
    entities: list[MentionOut]
    dates: list[DateOut]
    attributions: list[CitationOut]
    duplicate_of: str | None
    shared_passages: list[PassageOut]
    event: str | None
    story: str | None
    headline_only: bool = False
    teaser: bool = False


class EventOut(BaseModel):
    """An event: one happening, the articles that report it, and its date."""

    id: str
    story: str | None
    title: str
    date: str | None
    articles: list[str]
    sources: list[str]
    entities: list[str]


class StoryOut(BaseModel):
    """A story: events that follow one another, with its first and last date."""

    id: str
    title: str
    events: list[str]
    articles: list[str]
    first_date: str | None
    last_date: str | None


class MergeOut(BaseModel):
    variant: str
    reason: str


class EntityOut(BaseModel):
    """A canonical entity, with the evidence for each merged variant."""

    id: str
    name: str
    type: Literal["PER", "ORG", "LOC", "PRODUCT", "EVENT", "MISC"]
    variants: list[str]
    articles: list[str]
    mentions: int
    merges: list[MergeOut] = []
    spellings: dict[str, int] = {}
    types: dict[str, int] = {}
    roles: dict[str, str] = {}


class Page(BaseModel, Generic[T]):
    """One page of a list: ``count`` is the size of the whole list."""

    data: list[T]
    count: int
    limit: int
    offset: int


class SearchHitOut(ArticleOut):
    """A search result: the article, its rank (higher is better) and a snippet.

    ``highlights`` are (start, end) offsets into ``snippet`` of the words matching the query.
    """

    rank: float
    snippet: str
    highlights: list[tuple[int, int]]


class SearchPage(Page[SearchHitOut]):
    query: str


class KeywordOut(BaseModel):
    keyword: str
    weight: float = Field(ge=0, le=1)


class OutletOut(BaseModel):
    name: str | None
    country: str | None
    articles: int
    copies: int
    first_published: str | None
    last_published: str | None


class CitationEdgeOut(BaseModel):
    """An edge of the citation graph: ``articles`` of ``outlet`` cite ``cites``."""

    outlet: str
    cites: str
    kind: str
    articles: int


class SourcesOut(BaseModel):
    outlets: list[OutletOut]
    citations: list[CitationEdgeOut]


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str | None = None
    country: str | None = None


class ArticleIn(BaseModel):
    """One input record, as in a JSON Lines file; ``text``, ``html`` or, for a headline alone, ``title`` is required."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    url: str | None = None
    title: str | None = None
    text: str | None = None
    html: str | None = None
    published: str | None = None
    source: str | SourceIn | None = None
    category: str | None = None


class IngestOut(BaseModel):
    """What ``POST /api/articles`` did, as ``marsad ingest`` reports it."""

    read: int
    stored: int
    duplicates: int
    copies: int
    failed: int
    errors: list[str]
    warnings: list[str] = []  # stored, but repaired or with a bad date left out
    articles: list[str]


class HealthOut(BaseModel):
    status: Literal["ok"]
    articles: int


def dump(record: Any) -> dict[str, Any]:
    """A record's JSON dict (``as_dict()``)."""
    return record.as_dict()
