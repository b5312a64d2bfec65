"""Start the API with uvicorn: loopback by default, another address only with an API token."""

from __future__ import annotations

import uvicorn

from .app import create_app
from .settings import Settings, check_listen


def serve(host: str = "127.0.0.1", port: int = 8080, settings: Settings | None = None, log_level: str = "info") -> None:
    """Serve the coach's HTTP API until interrupted (raises SettingsError for an unsafe address)."""
    settings = settings or Settings()
    check_listen(host, settings)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, proxy_headers=False)
