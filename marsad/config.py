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
MAX_INPUT_BYTES = int(os.environ.get("MARSAD_MAX_INPUT_BYTES", str(64 * 1024 * 1024)))
# Input limits (docs/limits.md).  Each is settable through the environment variable named beside
# it; past a limit the input gets one error line and the run goes on with the next record.
# One JSON Lines line (one record, HTML included): the largest real page we met is under 2 MB.
# A longer line is skipped while it is read, so a 1 GiB line costs this much memory, not 1 GiB.
MAX_LINE_BYTES = int(os.environ.get("MARSAD_MAX_LINE_BYTES", str(8 * 1024 * 1024)))
# An article's text once extracted: 400,000 characters is about 70,000 words, several times the
# longest report in the corpora we read; every per-article stage is linear, so this bounds its time.
MAX_TEXT_CHARS = int(os.environ.get("MARSAD_MAX_TEXT_CHARS", "400000"))
# An HTML page handed to the extractor (trafilatura builds a tree of it: memory ~ 10x its size).
MAX_HTML_CHARS = int(os.environ.get("MARSAD_MAX_HTML_CHARS", str(5 * 1024 * 1024)))
# JSON: nesting deeper than this and integers longer than this are refused before they can cost
# a recursion error or a quadratic integer conversion.  A record is two levels deep.
MAX_JSON_DEPTH = int(os.environ.get("MARSAD_MAX_JSON_DEPTH", "32"))
MAX_JSON_INT_DIGITS = int(os.environ.get("MARSAD_MAX_JSON_INT_DIGITS", "30"))
# Entries read from one RSS or Atom file; the rest are reported, not read.
MAX_FEED_ITEMS = int(os.environ.get("MARSAD_MAX_FEED_ITEMS", "5000"))
# A request body of the HTTP API (POST /api/articles takes at most MAX_POST_RECORDS records).
MAX_REQUEST_BYTES = int(os.environ.get("MARSAD_MAX_REQUEST_BYTES", str(16 * 1024 * 1024)))
MAX_POST_RECORDS = int(os.environ.get("MARSAD_MAX_POST_RECORDS", "1000"))

# server (docs/limits.md, "A server on a network") -------------------------------------------
# When set, every write (POST) must carry "Authorization: Bearer <token>"; when not, writes are
# accepted from loopback clients only.  Read when the app is created, so tests can set it.
API_TOKEN_VARIABLE = "MARSAD_API_TOKEN"
# Host header values the server answers (comma-separated); `marsad serve` defaults to the loopback
# names and the address it listens on, so a page loaded through a rebinding DNS name is refused.
ALLOWED_HOSTS_VARIABLE = "MARSAD_ALLOWED_HOSTS"
# Seconds `marsad serve` lets a request in flight finish after SIGTERM; past it the server stops
# and SQLite rolls back the batch that was being written.
SHUTDOWN_WAIT_S = float(os.environ.get("MARSAD_SHUTDOWN_WAIT", "20"))  # docs/limits.md
# A plain-text file with fewer letters than this, or fewer than two words, or whose visible
# characters are less than TEXT_MIN_LETTER_SHARE letters, is not an article: 1-7 random bytes
# decode to a few odd characters.  A one-line brief under a headline has more (about 15 letters).
MIN_TEXT_LETTERS = int(os.environ.get("MARSAD_MIN_TEXT_LETTERS", "10"))
TEXT_MIN_LETTER_SHARE = 0.5
# Undecodable bytes replaced (and reported) in text that is otherwise UTF-8: up to this share of
# the bytes; past it, the text is in another encoding and is decoded as such.
MAX_BAD_BYTE_SHARE = 0.01
# Articles written to the store per transaction: small enough that a SIGKILL loses
# little work, large enough that the commit cost (fsync in WAL mode) is amortised.
INGEST_BATCH = int(os.environ.get("MARSAD_INGEST_BATCH", "200"))
# store ---------------------------------------------------------------------------------------
# How long a writer waits for another writer to finish before giving up with one line ("the store
# is busy", HTTP 503 with Retry-After) and writing nothing.  A 200-article batch commits in a few
# seconds on a quiet laptop but took 12-26 s on a loaded two-core machine, so the wait is a minute.
STORE_LOCK_WAIT_S = float(os.environ.get("MARSAD_LOCK_WAIT", "60"))
# An HTML page whose extracted main text has fewer words than this holds no article
# (a 404 page yields its menu: "الرئيسية"); the shortest real brief we met has ~15 words.
MIN_PAGE_WORDS = 8

# per-word caches --------------------------------------------------------------------------
# Entries kept by each per-word memo (normalised form, stem, CRF scores, category buckets ...).
# A word seen once is a miss whatever the size, so a smaller cache costs little hit rate, while
# fifteen caches of 200,000 words held several hundred MB by the end of a 20k-article stream.
WORD_CACHE = 100_000

# grouping ----------------------------------------------------------------------------------
# Duplicates, shared passages, events and stories (marsad/grouping).  Calibrated as a set on the
# dev half of eval/data/events_gold.jsonl (2018-05-09, 250 hand-labelled articles); eval/events.py
# reports the test half.  Don't tune one value in isolation.
#
# Near duplicates: MinHash (datasketch, seed 1) over word 3-shingles, banded for candidate lookup;
# a candidate is a copy when each text holds at least this share of the other's word 2-shingles.
GROUPING_MINHASH_PERM = 64
GROUPING_SHINGLE_WORDS = 3
GROUPING_LSH_THRESHOLD = 0.3  # Jaccard at which a pair becomes a candidate (bands derived from it)
GROUPING_COPY_CONTAINMENT = 0.55
# ... and the leads (first GROUPING_COPY_LEAD_WORDS words) must share at least this share of their
# word pairs: an update with a new lead on old paragraphs is not a copy (labelling guide).
GROUPING_COPY_LEAD_WORDS = 40
GROUPING_COPY_INSTANCE_CONTAINMENT = 0.8  # see GROUPING_EVENT_SIMILARITY_INSTANCE below
GROUPING_COPY_LEAD_CONTAINMENT = 0.2
# Shared passages: winnowed fingerprints of 8-word shingles (window 6), so every shared run of
# at least 13 words is found; a passage is a common run of at least 12 words.  Fingerprints held
# by more than GROUPING_PRINT_MAX_POSTINGS articles are boilerplate (datelines, agency credits).
GROUPING_PRINT_WORDS = 8
GROUPING_PRINT_WINDOW = 6
GROUPING_PASSAGE_MIN_WORDS = 12
GROUPING_PRINT_MAX_POSTINGS = 50
# Copies and shared passages are looked for among the articles published at most this many days
# before or after (and the boilerplate count above is taken there): wire copies and quoted
# passages follow within days, and a bounded window keeps the lookup cost flat as the store grows.
GROUPING_COPY_DAYS = 30
# Lookup tables are keyed by period (days // GROUPING_PERIOD_DAYS) first, so that new rows land in
# the last pages of each index and a windowed lookup reads a few recent pages, whatever the store
# holds from other periods.  Story candidates (a 400-day window) use the longer story period.
GROUPING_PERIOD_DAYS = 32
GROUPING_STORY_PERIOD_DAYS = 512
# Article vectors: tf-idf (document frequencies fixed in grouping/data/term_df.tsv), title terms
# and lead terms weighted up, top terms kept.
GROUPING_TITLE_WEIGHT = 3.0
GROUPING_LEAD_TERMS = 40
GROUPING_LEAD_WEIGHT = 2.0
GROUPING_ENTITY_WEIGHT = 1.0
GROUPING_VECTOR_TERMS = 60
# Dev grid with the average-linkage split below (title weight 2-4, entity weight 0.7-1.5, terms
# 40-100, lead weight 2-3): event B3-F1 0.893-0.905, a plateau; lower link cosines chain reactions
# to one decision into one event, higher ones split outlets' differently worded reports.
# Events: two articles are linked when their vectors' cosine reaches GROUPING_EVENT_SIMILARITY
# (GROUPING_EVENT_SIMILARITY_APART when published on different days, naming different days for
# what happened, or leading their headlines with different people) and they were published at most
# GROUPING_EVENT_DAYS apart.  Candidates are looked up through each article's GROUPING_INDEX_TERMS
# heaviest terms.  Dev grid: same-day 0.25-0.325, apart 0.4-0.5, cohesion 0.1-0.25, penalty
# 0.075-0.175; 0.3 / 0.45 / 0.175 / 0.125 sit in the middle of the best region (0.897-0.905).
GROUPING_EVENT_SIMILARITY = 0.3
GROUPING_EVENT_SIMILARITY_APART = 0.45
# Two articles published on different days, each naming a different day for its news
# (events.instances_apart: the weather of two days, a market's close), are instances of one
# recurring item: they need GROUPING_EVENT_SIMILARITY_INSTANCE, and as near duplicates each must
# hold GROUPING_COPY_INSTANCE_CONTAINMENT of the other's word pairs (a re-publication the next day
# holds nearly all).  Dev, both SaudiNewsNet dev days ingested together: events 0.918 -> 0.926
# (the weather of 24 and 26 July no longer one event), copies 0.783 -> 0.794; ANT dev 0.887
# unchanged (P 0.929 -> 0.938, R 0.849 -> 0.841).  0.6 / 0.8 gave 0.919 / 0.925; the days alone
# (without the publication days differing) cost ANT dev 0.012 at 0.8.
GROUPING_EVENT_SIMILARITY_INSTANCE = 0.9
# A connected group of linked articles is split by average linkage: two parts are one event while
# the mean similarity of their pairs reaches GROUPING_EVENT_COHESION, a pair's similarity being its
# cosine less GROUPING_EVENT_APART_PENALTY when the stricter threshold above applies to it.  Stops
# one bridging article from chaining single reactions into the event they react to.  0.125 since
# the second dev day (10 May: a night of strikes told from many sides splits at 0.175; two dev days
# 0.873 -> 0.888, 0.075-0.125 a plateau; docs/grouping.md, "A second dev day").
GROUPING_EVENT_COHESION = 0.125
GROUPING_EVENT_APART_PENALTY = 0.125
GROUPING_EVENT_DAYS = 2
# Who acts in the lead (marsad/grouping/actors.py): a statement or reaction verb among the first
# GROUPING_LEAD_VERB_WORDS words of the lead sentence, its named subject within the next
# GROUPING_LEAD_SUBJECT_WORDS words.  Two articles whose leads have different actors (headline
# person, else this speaker), or where one leads with a reaction by an actor the other's lead does
# not name, need GROUPING_EVENT_SIMILARITY_APART and take the split penalty.  Dev (alone and in
# context): the speaker moves events B3-F1 0.903 -> 0.905 / 0.906 -> 0.908 (Neuer's own doubts no
# longer join his coach's statement about him); the reaction rule changes nothing there (5 reaction leads on
# dev), it is kept for the guide's rule 3.  A larger penalty for these pairs (0.125 + 0.175 or
# + 0.3) cost dev recall (0.897, 0.891).  Reach 3 / 10 were set by reading dev leads, not tuned.
GROUPING_LEAD_VERB_WORDS = 3
GROUPING_LEAD_SUBJECT_WORDS = 10
# A rare name shared by two titles or leads (features.rare_lead_words: a term of the title or of the
# first GROUPING_LEAD_NAME_TERMS lead terms with an idf of at least GROUPING_LEAD_NAME_IDF, i.e. in
# about ten of the 19,346 documents counted) links two articles from a cosine of
# GROUPING_EVENT_SIMILARITY_NAMED, whatever their days or lead actors (not a reaction lead, rule 3).
# Dev events B3-F1, alone / in context: without it 0.909 / 0.912, with it 0.923 / 0.927; cosine 0.1
# the same, 0.2 / 0.25 / 0.3 give 0.921 / 0.912 / 0.912 alone; idf floor 7 the same, 6.5 0.920 / 0.912
# (precision 0.967), 8 none of the gain (the farewell match's «الهريفي» is 7.9); 10 lead terms 0.917,
# 30 0.919 / 0.919, 40 0.919 / 0.914.
GROUPING_LEAD_NAME_TERMS = 20
GROUPING_LEAD_NAME_IDF = 7.5
GROUPING_EVENT_SIMILARITY_NAMED = 0.15
# Entity types whose words count as names for that rule (places are left out: many local reports
# of different happenings name one town).
GROUPING_NAME_TYPES = frozenset({"PER", "ORG", "PRODUCT", "EVENT", "MISC"})
# Instances of one template (events.counterparts_conflict): each title names someone or somewhere
# (a name's term of at least this idf) that the other article never names.  Such a pair needs
# GROUPING_EVENT_SIMILARITY_INSTANCE and takes the split penalty (GROUPING_EVENT_APART_PENALTY).
# Dev events B3-F1: SaudiNewsNet 26 Jul 0.949 -> 0.962, 25 Jul and ANT dev unchanged (0.932, 0.890);
# a split penalty of 0.25 / 0.5 for such pairs cost ANT dev 0.004 / 0.006, no Saudi change.
GROUPING_COUNTERPART_IDF = 4.0
# Instances of one template told by the slot they fill (events.template_instances): two titles
# sharing at least two terms and GROUPING_TEMPLATE_SHARE of the shorter one's, each holding, at
# the same place of that shared wording, a definite word of at least this idf («الصحة», «المصري»:
# 2.5-3) that the other article never names.  Such a pair needs GROUPING_EVENT_SIMILARITY_INSTANCE
# and counts as -1 in the split, as two articles too far apart do: a penalty of 0.5 did not part
# two bodies' Eid receptions, whose texts are one template (cosines 0.3-0.6).  Dev events B3-F1
# unchanged for penalties 0.5-2 (ANT 0.890, 26 Jul 0.962) but 25 Jul 0.932 -> 0.935; a third of
# the shorter title (0.34) with -1 cost ANT dev 0.009 (0.881), as did names without the article.
GROUPING_TEMPLATE_SLOT_IDF = 2.0
GROUPING_TEMPLATE_SHARE = 0.5
GROUPING_DATE_REACH = 7  # days before publication in which a named date can be when the news happened
GROUPING_INDEX_TERMS = 12
# Event candidates: stored articles of the window that share at least this many of the new article's
# index terms.  One shared term («السعودية», «المملكة») alone found 224 candidates an article in the
# July SaudiNewsNet stream; the count is the same from either side, so links stay order independent.
# Dev: 2 gives ANT events 0.890 / stories 0.893 (1: 0.889 / 0.891), the SaudiNewsNet dev days
# unchanged; 3 loses 0.002 / 0.013 on 25 July.
GROUPING_LINK_SHARED_TERMS = 2
# Outlet boilerplate (marsad/grouping/boilerplate.py): a line of at most GROUPING_BOILERPLATE_WORDS
# words, or the head of a line before a colon, that this many of an outlet's articles of one period
# (GROUPING_PERIOD_DAYS) carry is left out of the grouping's reading of them.
GROUPING_BOILERPLATE_CARRIERS = 4
GROUPING_BOILERPLATE_WORDS = 12
# Stories: two events are linked when their summed vectors' cosine reaches this and they are at
# most GROUPING_STORY_DAYS apart.
GROUPING_STORY_SIMILARITY = 0.2
GROUPING_STORY_DAYS = 400
# A connected group of linked events is split by average linkage: parts join while the mean cosine
# of their pairs reaches this (so one bridging link cannot chain two threads into one story).  Both
# figures chosen together on the dev half (docs/grouping.md gives the sweep).
GROUPING_STORY_COHESION = 0.075
# Two events of one template (stories._alike_titles: their titles share at least two terms and
# GROUPING_STORY_TEMPLATE_SHARE of the shorter one's, names left out) whose titles each name someone
# or somewhere of idf GROUPING_STORY_COUNTERPART_IDF or more that the other event never names take
# this penalty in the story split.  Dev stories B3-F1: 26 Jul 0.898 -> 0.908, 25 Jul 0.919 -> 0.922,
# ANT dev 0.893 -> 0.890 (without the title condition 0.857; a penalty of 1.0: 0.881).
GROUPING_STORY_COUNTERPART_PENALTY = 0.5
GROUPING_STORY_COUNTERPART_IDF = 4.0
GROUPING_STORY_TEMPLATE_SHARE = 0.5
# The split's cost (time and memory) is the square of the group's size: longer groups are split in
# consecutive runs of this many events.
GROUPING_STORY_SPLIT_EVENTS = 1000
# Story candidates: per indexed term, the events nearest in time before and after the event.  Keeps
# the cost flat as the store grows; an old event reached only through very common terms may be
# missed (its rarer terms, the principal entities, usually still find it).  20 gives the dev figures
# of 30 (15 loses 0.004) and a third fewer candidates once lists fill up (docs/grouping.md).
GROUPING_STORY_CANDIDATES_PER_TERM = 20
