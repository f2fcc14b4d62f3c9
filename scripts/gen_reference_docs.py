"""Write docs/reference.md, the input and output reference, from the code itself.

The file kinds come from the readers' suffix tables, the record fields from the
JSON reader (each with the sentence below), the endpoints, parameters and JSON
shapes from the app's OpenAPI description, the web pages from the web router.
tests/test_docs.py fails when the file is stale.

Usage: python scripts/gen_reference_docs.py [--check]   (--check: exit 1 if docs/reference.md is stale)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "reference.md"

# One sentence per field of an input record; tests/test_docs.py checks that every field the JSON
# reader takes (record.get("…") in marsad/ingest/jsonl.py) has one.
RECORD_FIELDS = {
    "id": "the article's id; kept as given (an id seen before is a duplicate and is not stored again). "
          "Without it the id is a hash of url, title and text.",
    "title": "headline. A record with a title and neither text nor html is stored as a headline-only article.",
    "text": "the article's plain text (paragraphs separated by line breaks). HTML entities a scraper left in "
            "it or in the title (`&quot;`, `&amp;`) are decoded.",
    "html": "the page's HTML, used when there is no text: text, title, date and site name are extracted as "
            "for an HTML file.",
    "url": "the article's address.",
    "published": "publication date and time, ISO 8601 (\"2018-05-15T13:28:45+04:00\", \"2018-05-15\") or "
                 "RFC 822; when missing, the page, the feed or the text's own date is used.",
    "source": "the outlet: a name as a string, or {\"name\": …, \"country\": …}.",
    "outlet": "the outlet's name, when there is no source field.",
    "category": "the section the page filed the article under, as the page writes it (kept as page.category).",
    "author": "the byline.",
}


def _inputs() -> str:
    from marsad.ingest import DECOMPRESSORS, FEED_SUFFIXES, HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES

    def suffixes(values: set[str]) -> str:
        return ", ".join(f"`{v}`" if v else "no suffix" for v in sorted(values))

    rows = [
        ("JSON Lines: one record per line (below)", JSONL_SUFFIXES),
        ("HTML page: one article (text, title, date, site name extracted)", HTML_SUFFIXES),
        ("RSS or Atom feed: one article per item", FEED_SUFFIXES),
        ("plain text or an aggregator's text dump (headline, metadata, body in any order)", TEXT_SUFFIXES),
    ]
    from marsad.ingest.jsonl import FIELD_ALIASES

    aliases = "; ".join(f"`{field}`: " + ", ".join(f"`{n}`" for n in names) for field, names in FIELD_ALIASES.items())
    lines = [
        "## Inputs",
        "",
        "`marsad ingest PATH…` and `marsad demo` read files and folders (folders recursively);",
        "`POST /api/articles` takes the same records as JSON. The reader is chosen by suffix, and the",
        "content is trusted over the suffix for markup (a `.txt` holding HTML is read as HTML).",
        "",
        "| what | suffixes |",
        "| --- | --- |",
        *(f"| {what} | {suffixes(values)} |" for what, values in rows),
        f"| compressed, read through the decompressor by the suffix under it | {suffixes(set(DECOMPRESSORS))} |",
        "",
        "Text is decoded as UTF-8, UTF-16 (with or without BOM), windows-1256 or ISO-8859-6; binary junk",
        "is refused. A bad record is one error line naming the file, the line and the",
        "problem; the good records around it are stored.",
        "",
        "### Record fields",
        "",
        "| field | meaning |",
        "| --- | --- |",
        *(f"| `{name}` | {meaning} |" for name, meaning in RECORD_FIELDS.items()),
        "",
        "At least one of `text`, `html` or `title` is required.",
        "",
        "Crawled corpora often name these fields otherwise (SaudiNewsNet writes `content` and",
        "`date_extracted`). When a field is missing, the first of its other names that is set is read:",
        f"{aliases}. A crawl time comes last and stands in for the publication date only when the",
        "record gives none.",
        "",
    ]
    return "\n".join(lines)


def _cell(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).replace("|", "\\|").strip()


def _api(spec: dict[str, Any]) -> str:
    from marsad.web.apidocs import reference

    ref = reference(spec)
    lines = [
        "## HTTP API",
        "",
        f"Generated from the OpenAPI description of Marsad {ref['version']} (`GET /openapi.json`; the",
        "running server shows the same at `/docs`). Errors are always `{\"error\": \"…\"}`; see",
        "[api.md](api.md) for paging, filters, errors and ingesting.",
        "",
    ]
    for op in ref["operations"]:
        lines += [f"### `{op['method']} {op['path']}`", ""]
        if op["summary"]:
            lines += [_cell(op["summary"]) + ".", ""]
        if op["description"]:
            lines += [op["description"], ""]
        if op["parameters"]:
            lines += ["| parameter | in | type | required | description |", "| --- | --- | --- | --- | --- |"]
            for p in op["parameters"]:
                kind = p["type"] + (f", {p['limits']}" if p["limits"] else "")
                kind += f", default {p['default']}" if p["default"] is not None else ""
                lines.append(f"| `{p['name']}` | {p['in']} | {_cell(kind)} | {'yes' if p['required'] else 'no'} "
                             f"| {_cell(p['description'])} |")
            lines.append("")
        if op["body"]:
            lines += [f"Body: `{op['body']}`.", ""]
        lines += ["| status | returns |", "| --- | --- |"]
        lines += [f"| {r['status']} | {_cell(r['description'])}" + (f": `{r['type']}`" if r["type"] else "") + " |"
                  for r in op["responses"]]
        lines.append("")
    lines += ["## JSON shapes", "", "The objects the API returns and takes, field by field.", ""]
    for schema in ref["schemas"]:
        lines += [f"### `{schema['name']}`", ""]
        if schema["description"]:
            lines += [_cell(schema["description"]), ""]
        if schema["fields"]:
            lines += ["| field | type | required | description |", "| --- | --- | --- | --- |"]
            lines += [f"| `{f['name']}` | {_cell(f['type'])} | {'yes' if f['required'] else 'no'} "
                      f"| {_cell(f['description'])} |" for f in schema["fields"]]
            lines.append("")
    return "\n".join(lines)


def _pages() -> str:
    from fastapi.routing import APIRoute

    from marsad.web.views import router

    pages = [route for route in router.routes if isinstance(route, APIRoute)]
    lines = [
        "## Web pages and feeds",
        "",
        "Arabic, right to left, rendered on the server. Every page answers `?format=json` with the data it",
        "shows (its JSON twin); the pages with a feed name it in their head. Feeds are described in",
        "[api.md](api.md#feeds).",
        "",
        "| path | what |",
        "| --- | --- |",
    ]
    for route in pages:
        doc = (route.endpoint.__doc__ or "").strip().splitlines()
        methods = "/".join(sorted(route.methods - {"HEAD"}))
        lines.append(f"| `{methods} {route.path.replace(':path', '')}` | {_cell(doc[0]) if doc else ''} |")
    return "\n".join(lines) + "\n"


def render() -> str:
    from marsad.api import create_app

    app = create_app(":memory:")
    try:
        spec = app.openapi()
        parts = [
            "# Input and output reference\n",
            "Generated by `python scripts/gen_reference_docs.py` from the code (the readers, the OpenAPI",
            "description, the web router); `tests/test_docs.py` fails when it is stale. The commands are in",
            "[cli.md](cli.md), generated from their `--help`.\n",
            _inputs(),
            _api(spec),
            _pages(),
        ]
    finally:
        app.state.store.close()
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render()
    if args.check:
        sys.exit(0 if DOC.exists() and DOC.read_text(encoding="utf-8") == text else 1)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
