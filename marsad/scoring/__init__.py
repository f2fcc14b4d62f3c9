"""Stages 4 and 7: category, keywords, attributions (who cites whom), credibility and importance.

Per article (stage 4): ``classify``, ``extract_keywords``, ``find_attributions``.
Across articles (stage 7): ``credibility`` and ``importance`` from the article and its
event's ``Coverage`` (``contradicting_outlets`` fills the coverage field of that name);
``event_credibility`` and ``event_importance`` give the part of each that depends on the event
alone, so the members of a growing event are re-scored without reading their text;
``keyword_cloud``, ``citation_edges`` and ``first_reporters`` for the store-wide views.
"""

from __future__ import annotations

from marsad.scoring.attribution import find_attributions
from marsad.scoring.classify import classify
from marsad.scoring.contradictions import contradicting_outlets, contradicts
from marsad.scoring.credibility import credibility, event_credibility
from marsad.scoring.graph import citation_edges, first_reporters
from marsad.scoring.importance import event_importance, importance
from marsad.scoring.keywords import extract_keywords, keyword_cloud

__all__ = [
    "citation_edges",
    "classify",
    "contradicting_outlets",
    "contradicts",
    "credibility",
    "event_credibility",
    "event_importance",
    "extract_keywords",
    "find_attributions",
    "first_reporters",
    "importance",
    "keyword_cloud",
]
