"""Stages 4 and 7: category, keywords, attributions (who cites whom), credibility and importance.

Per article (stage 4): ``classify``, ``extract_keywords``, ``find_attributions``.
Across articles (stage 7): ``credibility`` and ``importance`` from the article and its
event's ``Coverage`` (``contradicting_outlets`` fills the coverage field of that name);
``keyword_cloud``, ``citation_edges`` and ``first_reporters`` for the store-wide views.
"""

from __future__ import annotations

from marsad.scoring.attribution import find_attributions
from marsad.scoring.classify import classify
from marsad.scoring.contradictions import contradicting_outlets
from marsad.scoring.credibility import credibility
from marsad.scoring.graph import citation_edges, first_reporters
from marsad.scoring.importance import importance
from marsad.scoring.keywords import extract_keywords, keyword_cloud

__all__ = [
    "citation_edges",
    "classify",
    "contradicting_outlets",
    "credibility",
    "extract_keywords",
    "find_attributions",
    "first_reporters",
    "importance",
    "keyword_cloud",
]
