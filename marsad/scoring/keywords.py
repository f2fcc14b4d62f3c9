"""Keywords (الكلمات المفتاحية) per article, and the keyword cloud over many articles.

A keyword is a content stem, or a run of two to four words that recurs in the article
("الطائرات بدون طيار", "الولايات المتحدة"), ranked by how often the article uses it
(the title counts more) times how rare it is in news at large: the inverse document
frequency of each stem over the ANT train split, shipped as ``data/stem_df.tsv.gz``
(written by scripts/train_category.py).  Stems are shown in their commonest written
form with conjunctions and prepositions taken off ("وبالمغرب" and "للمغرب" -> "المغرب").
"""

from __future__ import annotations

import gzip
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from marsad.text import Token, terms
from marsad.text.memo import Memo
from marsad.text.tokenize import TOKEN_RE, analysed_surfaces

DF_FILE = "stem_df.tsv.gz"
MAX_PHRASE = 4
TITLE_WEIGHT = 3.0  # a title word counts as three body mentions: the headline names the topic
MIN_PHRASE_COUNT = 2  # a run of words is a term when the article writes it twice (title included)
# Stop words that may sit inside a multi-word term but never begin or end one.
INNER_STOPS = frozenset({"بدون", "دون", "بن", "بين", "عبد", "ابو", "ذات", "غير"})


@dataclass(slots=True, frozen=True)
class StemFrequencies:
    """How many of ``documents`` news articles contain each stem."""

    documents: int
    counts: dict[str, int]

    def idf(self, stem: str) -> float:
        """Smoothed inverse document frequency: rarer stems weigh more."""
        return math.log((self.documents + 1) / (self.counts.get(stem, 0) + 1)) + 1.0


@cache
def stem_frequencies() -> StemFrequencies:
    """The shipped stem document frequencies (the first line holds the number of documents)."""
    path = resources.files("marsad.scoring").joinpath("data").joinpath(DF_FILE)
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        documents = int(next(lines).split("\t")[1])
        counts = {stem: int(n) for stem, n in (line.rstrip("\n").split("\t") for line in lines)}
    return StemFrequencies(documents, counts)


def document_frequencies(texts: Iterable[str]) -> tuple[int, Counter[str]]:
    """(documents, stem -> documents containing it): what ``stem_df.tsv.gz`` stores."""
    counts: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        counts.update({t for t in terms(text) if t and not t.isdigit()})
    return documents, counts


@dataclass(slots=True)
class Candidate:
    """A keyword candidate: its stems, how often it occurs, and how it is written."""

    key: tuple[str, ...]
    count: float = 0.0  # weighted: a title mention counts TITLE_WEIGHT
    occurrences: int = 0
    first: int = 0
    forms: dict[str, int] = field(default_factory=dict)  # written form -> occurrences


def display_form(token: Token) -> str:
    """The token as written, without conjunction/preposition clitics; the article ال stays."""
    return _display(token.surface, token.clitics)


def _display(surface: str, clitics: str) -> str:
    surface = surface.lstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
    if clitics.endswith("لل"):
        return "ال" + surface[len(clitics) :]
    keep = 2 if clitics.endswith("ال") else 0
    return surface[len(clitics) - keep :]


# What a keyword candidate needs of one word: (content, may continue a term, display form, stem).
WordInfo = tuple[bool, bool, str, str]


def _word_info(surface: str) -> WordInfo | None:
    """The word's part in candidate terms, or None for punctuation and numbers (they end a run).

    A content word is no stop word, with a stem of three letters or more.  A word may extend a
    term when it is content or an inner stop word, with no clitic but ال: a conjunction or
    preposition glued to the word (وحزب، لخام) starts a new phrase.
    """
    analyses = analysed_surfaces(surface)
    if len(analyses) != 1 or analyses[0][1][5] != "word":
        return None
    norm, clitics, _, stem, is_stop, _ = analyses[0][1]
    content = not is_stop and len(stem) >= 3 and not stem.isdigit()
    extends = norm in INNER_STOPS or (content and clitics in ("", "ال"))
    return content, extends, _display(surface, clitics), stem


# Surface -> WordInfo: every word of every article is looked up, and words repeat a lot.
_WORD_INFO: Memo[WordInfo | None] = Memo(_word_info)


def _candidates(title: str | None, text: str) -> dict[tuple[str, ...], Candidate]:
    """Every candidate with its weighted count (title mentions weigh TITLE_WEIGHT) and written forms.

    Candidates are the content words of each run of words (no punctuation or number between),
    and the 2-4 word spans that begin and end on a content word with only words that may
    extend a term after the first.
    """
    found: dict[tuple[str, ...], Candidate] = {}
    position = 0
    info = _WORD_INFO
    for weight, part in ((TITLE_WEIGHT, title or ""), (1.0, text)):
        words = [(info[surface], surface) for surface in TOKEN_RE.findall(part)]
        for i, (first, _) in enumerate(words):
            if first is None or not first[0]:
                continue
            stems, forms = [first[3]], [first[2]]
            last = min(i + MAX_PHRASE, len(words))
            j = i
            while True:
                key = tuple(stems)
                candidate = found.get(key)
                if candidate is None:
                    candidate = found[key] = Candidate(key, first=position)
                candidate.count += weight
                candidate.occurrences += 1
                form = " ".join(forms)
                candidate.forms[form] = candidate.forms.get(form, 0) + 1
                position += 1
                while True:  # the next word that ends a longer candidate, if the run goes on
                    j += 1
                    if j >= last or words[j][0] is None or not words[j][0][1]:
                        j = last
                        break
                    stems.append(words[j][0][3])
                    forms.append(words[j][1])
                    if words[j][0][0]:
                        break
                if j >= last:
                    break
    return found


def _subsume(found: dict[tuple[str, ...], Candidate]) -> list[Candidate]:
    """Keep recurring phrases; take their occurrences off the words inside them.

    "الولايات المتحدة" used five times leaves "الولايات" with what it scores on its own.
    """
    phrases = [c for c in found.values() if len(c.key) > 1 and c.occurrences >= MIN_PHRASE_COUNT]
    phrases.sort(key=lambda c: len(c.key), reverse=True)
    for phrase in phrases:
        for n in range(1, len(phrase.key)):
            for i in range(len(phrase.key) - n + 1):
                inner = found.get(phrase.key[i : i + n])
                if inner is not None and inner is not phrase:
                    inner.count -= phrase.count
    singles = [c for c in found.values() if len(c.key) == 1]
    return [c for c in phrases + singles if c.count > 0.5]


def _score(candidate: Candidate, frequencies: StemFrequencies) -> float:
    idf = sum(frequencies.idf(s) for s in candidate.key) / len(candidate.key)
    return candidate.count * idf * (1.0 + 0.5 * (len(candidate.key) - 1))


def extract_keywords(title: str | None, text: str, limit: int = 10) -> list[str]:
    """The article's ``limit`` best keywords, best first, each in its commonest written form.

    >>> extract_keywords("الطائرات بدون طيار تهاجم", "أسقطت الدفاعات الطائرات بدون طيار فوق المدينة.", 2)
    ['الطائرات بدون طيار', 'تهاجم']
    """
    frequencies = stem_frequencies()
    ranked = sorted(_subsume(_candidates(title, text)), key=lambda c: (-_score(c, frequencies), c.first))
    keywords: list[str] = []
    for candidate in ranked:
        form = max(candidate.forms, key=candidate.forms.__getitem__)  # the first seen of the commonest
        if form not in keywords:
            keywords.append(form)
        if len(keywords) == limit:
            break
    return keywords


def keyword_cloud(keyword_lists: Iterable[list[str]], limit: int = 50) -> list[tuple[str, float]]:
    """The keywords most articles share, weighted 0..1 (1 = the most shared), heaviest first.

    Each article adds 1 to each of its keywords, less for those far down its list (the tenth
    adds 0.55), so that a window's cloud shows what its articles are mainly about.  Keywords
    with the same stems ("المغرب", "مغرب") are one entry, shown in their commonest form.
    """
    weights: defaultdict[tuple[str, ...], float] = defaultdict(float)
    forms: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for keywords in keyword_lists:
        for rank, keyword in enumerate(keywords):
            key = tuple(terms(keyword)) or (keyword,)
            weights[key] += 1.0 - 0.05 * min(rank, 10)
            forms[key][keyword] += 1
    if not weights:
        return []
    heaviest = max(weights.values())
    ranked = sorted(weights, key=lambda k: (-weights[k], forms[k].most_common(1)[0][0]))[:limit]
    return [(forms[k].most_common(1)[0][0], round(weights[k] / heaviest, 4)) for k in ranked]
