"""Live collection: follow outlets' feeds and sitemaps and fetch their articles politely.

- ``sources``   the outlets followed (plain file and OPML import/export)
- ``urls``      one key per article URL; which addresses may be fetched at all
- ``fetch``     the HTTP client and its policy: size cap, redirects, retries, conditional GET
- ``polite``    per-host intervals and robots.txt
- ``schedule``  when each feed is polled next
- ``read``      feeds, sitemaps and home pages as plain items
- ``collector`` one round: poll what is due, queue new URLs, fetch, extract, run the pipeline
"""
