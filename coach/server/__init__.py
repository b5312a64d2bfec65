"""The coach over HTTP: its own JSON API under /v1 and LanguageTool's API under /v2.

    python -m coach serve --host 127.0.0.1 --port 8080

- `POST /v1/analyse` {text, audience, disable} -> the Report JSON; `POST /v1/review`
  (multipart files) -> JSON lines, one review record per message; `GET /v1/rules`;
- `POST /v2/check` and `GET /v2/languages`, compatible with LanguageTool's HTTP API
  (offsets in UTF-16 code units), so its clients and browser extensions can use it;
- `GET /healthz`, OpenAPI at /openapi.json and its docs at /docs, served without a CDN.

Limits (settings.py, limits.py): text length and request size (413), a per-client
rate limit (429), a check-time limit (503); an API token (COACH_API_TOKEN) for any
address other than loopback. Needs the `server` extra (FastAPI, uvicorn,
python-multipart, fastapi-offline); nothing else in `coach/` imports it.
"""

from __future__ import annotations

from .app import create_app
from .settings import Settings, SettingsError, settings_from_env

__all__ = ["Settings", "SettingsError", "create_app", "settings_from_env"]
