"""Every tunable threshold, each next to how it was found.

Stages read their section; nothing else in the code base hard-codes a threshold.
"""

from __future__ import annotations

import os

# ingest
# A plain-text dump line is taken as the title when it is short and has no
# sentence-final punctuation; 200 characters is longer than every headline in the
# demo corpus (max 154) and shorter than the shortest lead paragraph of a dump we met.
TITLE_MAX_CHARS = 200
# Inputs larger than this are refused with a clear error rather than read into memory:
# the largest real article page we met is under 2 MB; a 200 MB "page" is junk or a dump.
MAX_INPUT_BYTES = 64 * 1024 * 1024
# Articles written to the store per transaction: small enough that a SIGKILL loses
# little work, large enough that the commit cost (fsync in WAL mode) is amortised.
INGEST_BATCH = int(os.environ.get("MARSAD_INGEST_BATCH", "200"))
# An HTML page whose extracted main text has fewer words than this holds no article
# (a 404 page yields its menu: "الرئيسية"); the shortest real brief we met has ~15 words.
MIN_PAGE_WORDS = 8
