"""Stage 6: named entities — recognise mentions in an article, resolve them to canonical entities.

``recognize(text)`` finds PER, ORG, LOC, PRODUCT, EVENT and MISC mentions with offsets
(a CRF trained on public Arabic corpora, shipped in ``data/``); ``EntityResolver``
clusters mentions across articles into canonical entities, recording why each spelling
was merged.  See docs/entities.md.
"""

from __future__ import annotations

from marsad.entities.recognize import recognize
from marsad.entities.resolve import EntityResolver

__all__ = ["EntityResolver", "recognize"]
