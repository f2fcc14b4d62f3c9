"""The web UI: right-to-left pages rendered on the server, each with a JSON twin; no build step."""

from __future__ import annotations

from marsad.web.views import install_web

__all__ = ["install_web"]
