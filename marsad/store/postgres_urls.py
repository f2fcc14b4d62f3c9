"""PostgreSQL URLs, without importing the driver (the CLI names stores in its messages)."""

from __future__ import annotations

import re


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def safe_url(url: str) -> str:
    """The URL without its password (for messages)."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)
