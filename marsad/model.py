"""The plain records every stage passes on.

Stages take these and return these; none of them reads the store, prints or
parses arguments.  ``Article.as_dict()`` gives the JSON shape of docs/reference.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


def real_date(value: str | None) -> str | None:
    """``value`` when it is a real ISO 8601 date or date-time, else None.

    Dates are validated as they are read, but a store written before that may hold "2018-02-30" or
    "0000-00-00": records rebuilt from a store pass their dates through here, so that no page, feed
    or API answer has to cope with a date that is not one.
    """
    if not value:
        return None
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value >= "0001" else None


@dataclass(slots=True, frozen=True)
class Source:
    """The outlet an article comes from, as the input names it."""

    name: str | None = None
    country: str | None = None


@dataclass(slots=True, frozen=True)
class PageClaims:
    """What the page itself claimed: its category, «مستوى الصحة» and «الأهمية»."""

    category: str | None = None
    credibility: int | None = None
    importance: int | None = None
    # More sections the page was filed under, beyond ``category`` (all_sections() lists them all).
    sections: tuple[str, ...] = ()

    def all_sections(self) -> list[str]:
        """The sections the article was filed under, the first one first."""
        return list(dict.fromkeys([*([self.category] if self.category else []), *self.sections]))


@dataclass(slots=True)
class RawDocument:
    """One input record before cleaning: what a reader found, nothing inferred.

    ``text`` or ``html`` is set (readers reject records with neither; a record with a title alone
    gets its title as text and ``headline_only``).
    ``published`` is an ISO 8601 string when the input states one.
    """

    origin: str
    kind: str  # "jsonl" | "html" | "feed" | "text"
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_basis: str | None = None  # "page" | "feed" | "input"
    source: Source = field(default_factory=Source)
    page: PageClaims = field(default_factory=PageClaims)
    given_id: str | None = None
    line: int | None = None
    author: str | None = None
    headline_only: bool = False
    teaser: bool = False  # the page gave less than the whole article (shorter than its feed summary, paywall)
    # What the reader repaired to read it ("1 undecodable byte replaced with U+FFFD"): reported, not fatal.
    notices: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class DateMention:
    """A date written in the text; ``value`` is "2021-11-24", "2023-01", "2021" or "--07-19"."""

    surface: str
    value: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Mention:
    """A named-entity mention; ``entity`` is the canonical entity id once resolved."""

    surface: str
    type: str  # PER ORG LOC PRODUCT EVENT MISC
    start: int
    end: int
    entity: str | None = None


@dataclass(slots=True, frozen=True)
class Citation:
    """Who an article cites for its information (an attribution)."""

    to: str
    kind: str  # outlet | agency | person | official | unnamed
    surface: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Evidence:
    """One signal behind a score: what it is, how much it moved the score, and why."""

    signal: str
    effect: float
    detail: str


@dataclass(slots=True, frozen=True)
class Score:
    """A 0..100 score and the evidence it is the sum of."""

    score: int
    evidence: tuple[Evidence, ...] = ()


@dataclass(slots=True, frozen=True)
class Passage:
    """A span of this article's text that other stored articles share."""

    start: int
    end: int
    articles: tuple[str, ...]


@dataclass(slots=True)
class Article:
    """A cleaned article and everything the stages found in it (docs/reference.md, `ArticleOut`)."""

    id: str
    origin: str
    text: str
    title: str | None = None
    url: str | None = None
    language: str = "ar"
    published: str | None = None
    published_basis: str | None = None
    source: Source = field(default_factory=Source)
    page: PageClaims = field(default_factory=PageClaims)
    category: str = "غير مصنف"
    credibility: Score = field(default_factory=lambda: Score(0))
    importance: Score = field(default_factory=lambda: Score(0))
    keywords: list[str] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    attributions: list[Citation] = field(default_factory=list)
    duplicate_of: str | None = None
    shared_passages: list[Passage] = field(default_factory=list)
    event: str | None = None
    story: str | None = None
    headline_only: bool = False  # the input had a title and no text: ``text`` is the title
    teaser: bool = False  # the text is a teaser: shorter than the feed's summary, or behind a paywall
    content_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The article as the JSON object of docs/reference.md."""
        data = asdict(self)
        del data["content_hash"]
        data["entities"] = [
            {"entity": m.entity, "surface": m.surface, "type": m.type, "start": m.start, "end": m.end}
            for m in self.entities
        ]
        data["shared_passages"] = [
            {"start": p.start, "end": p.end, "articles": list(p.articles)} for p in self.shared_passages
        ]
        data["page"]["sections"] = self.page.all_sections()
        for name in ("credibility", "importance"):
            score = data[name]
            score["evidence"] = list(score["evidence"])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from ``as_dict()`` output (what the store keeps)."""

        def score(raw: dict[str, Any] | None) -> Score:
            raw = raw or {"score": 0, "evidence": []}
            return Score(raw["score"], tuple(Evidence(**e) for e in raw["evidence"]))

        return cls(
            id=data["id"],
            origin=data["origin"],
            text=data["text"],
            title=data.get("title"),
            url=data.get("url"),
            language=data.get("language") or "ar",
            published=real_date(data.get("published")),
            published_basis=data.get("published_basis"),
            source=Source(**(data.get("source") or {})),
            page=_page_claims(data.get("page") or {}),
            category=data.get("category") or "غير مصنف",
            credibility=score(data.get("credibility")),
            importance=score(data.get("importance")),
            keywords=list(data.get("keywords") or []),
            entities=[Mention(**m) for m in data.get("entities") or []],
            dates=[DateMention(**d) for d in data.get("dates") or []],
            attributions=[Citation(**c) for c in data.get("attributions") or []],
            duplicate_of=data.get("duplicate_of"),
            headline_only=bool(data.get("headline_only")),
            teaser=bool(data.get("teaser")),
            shared_passages=[
                Passage(p["start"], p["end"], tuple(p["articles"])) for p in data.get("shared_passages") or []
            ],
            event=data.get("event"),
            story=data.get("story"),
            content_hash=data.get("content_hash", ""),
        )


@dataclass(slots=True)
class Event:
    """One happening reported by one or more articles."""

    id: str
    title: str
    date: str | None
    articles: list[str]
    sources: list[str]
    entities: list[str] = field(default_factory=list)
    story: str | None = None

    def __post_init__(self) -> None:
        self.date = real_date(self.date)  # a store written before dates were validated

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Story:
    """A thread of events that belong together over weeks and months."""

    id: str
    title: str
    events: list[str]
    articles: list[str]
    first_date: str | None
    last_date: str | None

    def __post_init__(self) -> None:
        self.first_date, self.last_date = real_date(self.first_date), real_date(self.last_date)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, frozen=True)
class MergeEvidence:
    """Why a spelling variant was merged into a canonical entity."""

    variant: str
    reason: str


@dataclass(slots=True)
class Entity:
    """A canonical entity: one person, organisation, place or product, however spelled."""

    id: str
    name: str
    type: str
    variants: list[str]
    articles: list[str]
    mentions: int
    merges: list[MergeEvidence] = field(default_factory=list)
    spellings: dict[str, int] = field(default_factory=dict)  # spelling -> mentions; the name is the top full one
    types: dict[str, int] = field(default_factory=dict)  # type the recogniser gave -> mentions; decides ``type``
    roles: dict[str, str] = field(default_factory=dict)  # role as written -> the phrase tying it (entities/roles.py)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True, frozen=True)
class Coverage:
    """How the event an article belongs to is covered across the store: what scoring needs.

    Filled by the pipeline from the events and duplicate links; scoring reads it, never the store.
    """

    independent_outlets: int = 1  # outlets with their own report (copies and shared-wire reuse excluded)
    copies: int = 0  # articles in the event that copy another (exact, near, or shared wire passages)
    hours_to_spread: float | None = None  # first report -> last independent outlet's report
    story_events: int = 1  # events in the article's story
    first_reporter: str | None = None  # outlet that reported the event first
    entity_prominence: dict[str, int] = field(default_factory=dict)  # entity id -> articles in store
    outlet_articles: int = 0  # articles the outlet has in the store (its record)
    outlet_duplicate_share: float = 0.0  # share of the outlet's articles that copy others
    newest_published: str | None = None  # latest publication date in the store (recency anchor)
    # other independent outlets in the event that state a different figure for the same count
    # (killed, injured, arrested...): scoring.contradicting_outlets(article, members) computes it
    contradicting_outlets: int = 0


def _page_claims(data: dict[str, Any]) -> PageClaims:
    return PageClaims(**{**data, "sections": tuple(data.get("sections") or ())})
