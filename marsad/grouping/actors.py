"""Who acts in an article's lead sentence, and whether the act is a reaction (event boundaries).

Reports of one happening share its vocabulary with the reactions to it, so vectors alone keep a
single actor's reaction in the event it reacts to.  The lead sentence says who acts: "أدانت
الجامعة العربية ..." is the Arab League reacting, "افتتحت الولايات المتحدة سفارتها ..." the happening
itself.  The labelling guide makes one actor's reaction its own event (rule 3), so the grouping
reads the named subject of a statement or reaction verb opening the lead.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from marsad import config
from marsad.grouping.features import Token, dateline_end, name_terms, normalize, rare_lead_words, tokens
from marsad.model import Article, Mention

_SENTENCE_ENDS = ".!?؟\n"
_MIN_LEAD_CHARS = 20  # "(CNN)--" or "دبي." before the lead is a dateline, not a sentence
NAME_WORD = "~"  # marks a rare word among lead_names(), apart from canonical entity ids ...
RARE_WORD = "="  # ... a rare word the entity stage did not find in a name of this article
_ACTOR_RANK = {"PER": 0, "ORG": 1, "LOC": 2}  # a person named in the subject acts for his office or country
_OBJECT_PREFIXES = ("بال",)  # "تعهدت الدول بالالتزام ...": the object has begun ("للثورة" may still name the office)


@cache
def lead_words() -> dict[str, str]:
    """Normalised lead word -> kind ("statement", "reaction", "end"), from data/lead_words.tsv."""
    raw = resources.files("marsad.grouping").joinpath("data/lead_words.tsv").read_text("utf-8")
    table = {}
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, kind = line.partition("\t")
            table[normalize(word.strip())] = kind.strip()
    return table


def lead_sentence_end(text: str) -> int:
    """Where the first sentence of ``text`` ends (a full stop, question mark or line break)."""
    ends = [i for i in (text.find(c, _MIN_LEAD_CHARS) for c in _SENTENCE_ENDS) if i >= 0]
    return min(ends, default=len(text))


def lead_act(article: Article) -> tuple[str, str] | None:
    """The named actor and kind ("statement" or "reaction") of the verb opening the lead sentence.

    The verb must be among the first GROUPING_LEAD_VERB_WORDS words ("قال الرئيس ...", "وأدانت
    ..."); its subject runs until a word that ends it or GROUPING_LEAD_SUBJECT_WORDS words, and the
    actor is the entity named there, a person before an organisation before a place.  None when no
    such verb opens the lead or its subject names no entity ("قال مصدر أمني ...").
    """
    words = tokens(article.text[: lead_sentence_end(article.text)])
    for position, word in enumerate(words[: config.GROUPING_LEAD_VERB_WORDS]):
        kind = _verb_kind(word.norm)
        if kind is not None:
            actor = _subject_entity(article.entities, word, _subject_end(words[position + 1 :], word))
            return (actor, kind) if actor else None
    return None


def _verb_kind(norm: str) -> str | None:
    """"statement" or "reaction" for a lead verb, with or without a leading و/ف; else None."""
    table = lead_words()
    for form in (norm, norm[1:] if norm[:1] in "وف" else None):
        if form and table.get(form) in ("statement", "reaction"):
            return table[form]
    return None


def _subject_end(after: list[Token], verb: Token) -> int:
    """The character offset where the verb's subject ends (before the first word that ends it)."""
    end = verb.end
    for word in after[: config.GROUPING_LEAD_SUBJECT_WORDS]:
        if lead_words().get(word.norm) == "end" or word.norm.startswith(_OBJECT_PREFIXES):
            break
        end = word.end
    return end


def _subject_entity(mentions: list[Mention], verb: Token, end: int) -> str | None:
    """The canonical entity named between the verb and ``end``: a person first, then earliest."""
    inside = [m for m in mentions if m.entity and m.type in _ACTOR_RANK and verb.end <= m.start and m.end <= end]
    best = min(inside, key=lambda m: (_ACTOR_RANK[m.type], m.start), default=None)
    return best.entity if best else None


def lead_speaker(article: Article) -> str | None:
    """Who speaks or reacts in the lead sentence (``lead_act``'s actor), or None."""
    act = lead_act(article)
    return act[0] if act else None


def lead_reaction(article: Article) -> str | None:
    """The actor when the lead reports a reaction ("أدانت الجامعة العربية ..."), else None."""
    act = lead_act(article)
    return act[0] if act and act[1] == "reaction" else None


def lead_names(article: Article) -> list[str]:
    """What the lead names, sorted: the canonical entities of its first sentence, and the rare words
    of the title and lead (``features.rare_lead_words``), each marked (NAME_WORD or RARE_WORD).

    The entities say whether a reaction's actor is named by the other report (``events``); the rare
    words whether two reports name the same rare thing, also where the entity stage found no name.
    A rare word inside a name the entity stage found (``features.name_terms``) is marked NAME_WORD,
    any other RARE_WORD: two reports share a name when one of them found it as a name
    (``events.shares_rare_name``).  The marks keep a word from ever meeting an entity id.
    """
    start = dateline_end(article.text)
    end = lead_sentence_end(article.text[start:]) + start
    entities = {m.entity for m in article.entities if m.entity and start <= m.start < end}
    names = name_terms(article)
    marked = {(NAME_WORD if word in names else RARE_WORD) + word for word in rare_lead_words(article)}
    return sorted(entities | marked)
