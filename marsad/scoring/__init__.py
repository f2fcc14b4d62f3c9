"""Stage 4 and 7: category, keywords, attributions (who cites whom), credibility and importance."""

from __future__ import annotations

from marsad.scoring.attribution import find_attributions
from marsad.scoring.classify import classify
from marsad.scoring.keywords import extract_keywords, keyword_cloud

__all__ = ["classify", "extract_keywords", "find_attributions", "keyword_cloud"]
