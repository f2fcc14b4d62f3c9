"""The API reference page (``/docs``): the app's own OpenAPI description rendered on the server.

FastAPI's default page loads Swagger UI from a CDN, so it is blank offline and
runs third-party script; this page needs neither.  It reads ``app.openapi()``,
the same description served at ``/openapi.json``, so it is never out of step
with the routes.  docs/reference.md is generated from the same data
(scripts/gen_reference_docs.py).
"""

from __future__ import annotations

from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


def type_of(schema: dict[str, Any] | None) -> str:
    """A short, readable type of a JSON schema: ``integer``, ``string (date)``, ``list of Article``, ``A or null``."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(dict.fromkeys(type_of(s) for s in schema[key]))
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_of(schema["allOf"][0])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {type_of(schema.get('items'))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map of {type_of(schema['additionalProperties'])}"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def _limits(schema: dict[str, Any]) -> str:
    """Bounds a schema states (``1..500``, ``at most 500 characters``)."""
    parts = []
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None or high is not None:
        parts.append(f"{'' if low is None else low}..{'' if high is None else high}")
    if "maxLength" in schema:
        parts.append(f"at most {schema['maxLength']} characters")
    if "pattern" in schema:
        parts.append(f"matches {schema['pattern']}")
    return ", ".join(parts)


def _content_type(content: dict[str, Any] | None) -> str | None:
    if not content:
        return None
    media, body = next(iter(content.items()))
    schema = body.get("schema")
    return f"{type_of(schema)}" if schema else media


def reference(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI description as plain data for a page or a Markdown file: operations, then schemas."""
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [
                {"name": p["name"], "in": p["in"], "required": bool(p.get("required")),
                 "type": type_of(p.get("schema")), "limits": _limits(p.get("schema") or {}),
                 "default": (p.get("schema") or {}).get("default"), "description": p.get("description", "")}
                for p in operation.get("parameters", [])
            ]
            body = operation.get("requestBody")
            operations.append({
                "method": method.upper(),
                "path": path,
                "tag": (operation.get("tags") or ["other"])[0],
                "summary": operation.get("summary", ""),
                "description": (operation.get("description") or "").strip(),
                "parameters": parameters,
                "body": _content_type(body.get("content")) if body else None,
                "responses": [
                    {"status": status, "description": answer.get("description", ""),
                     "type": _content_type(answer.get("content"))}
                    for status, answer in operation.get("responses", {}).items()
                ],
            })
    schemas = []
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        schemas.append({
            "name": name,
            "description": (schema.get("description") or "").strip(),
            "fields": [
                {"name": field, "type": type_of(sub), "required": field in required,
                 "description": (sub.get("description") or "").strip()}
                for field, sub in schema.get("properties", {}).items()
            ],
        })
    info = spec.get("info", {})
    return {"title": info.get("title", ""), "version": info.get("version", ""),
            "summary": info.get("summary", ""), "operations": operations, "schemas": schemas}
