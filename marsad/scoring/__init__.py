"""Stage 4 and 7: category, keywords, attributions (who cites whom), credibility and importance."""

from __future__ import annotations

from marsad.scoring.attribution import find_attributions
from marsad.scoring.classify import classify

__all__ = ["classify", "find_attributions"]
