"""The server's settings: where it listens, its limits and the optional API token, read from the environment."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

from ..engine import MAX_CHARS

TOKEN_ENV = "COACH_API_TOKEN"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class SettingsError(ValueError):
    """The server cannot start with these settings (e.g. a public address without a token)."""


@dataclass(frozen=True)
class Settings:
    """Limits like LanguageTool's server, and the token shared deployments require."""

    max_text_chars: int = MAX_CHARS  # longest text analysed (413 past it); never above the library's MAX_CHARS
    max_body_bytes: int = 2 * 1024 * 1024  # largest JSON or form request (413 past it)
    max_upload_bytes: int = 50 * 1024 * 1024  # largest /v1/review upload (413 past it)
    rate_limit: int = 120  # requests per client address per rate_window seconds (429 past it); 0 = no limit
    rate_window: float = 60.0
    check_timeout: float = 20.0  # seconds one analysis may take before a 503 answer
    workers: int = 2  # analysis threads
    max_pending: int = 64  # analyses queued or running at once before a 503 "busy" answer
    token: str | None = None  # when set, every /v1 and /v2 call must present it

    def __post_init__(self) -> None:
        if not 1 <= self.max_text_chars <= MAX_CHARS:
            raise SettingsError(f"max_text_chars must be between 1 and {MAX_CHARS:,}")
        if self.check_timeout <= 0 or self.workers < 1 or self.max_pending < 1 or self.rate_limit < 0:
            raise SettingsError("check_timeout, workers and max_pending must be positive; rate_limit 0 or more")


def _env_number(name: str, default: float, kind: type = int) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None


def settings_from_env(**overrides: object) -> Settings:
    """Return Settings from COACH_API_* environment variables, with explicit overrides winning."""
    values: dict[str, object] = {
        "max_text_chars": _env_number("COACH_API_MAX_TEXT", MAX_CHARS),
        "rate_limit": _env_number("COACH_API_RATE_LIMIT", Settings.rate_limit),
        "check_timeout": _env_number("COACH_API_CHECK_TIMEOUT", Settings.check_timeout, float),
        "token": os.environ.get(TOKEN_ENV, "").strip() or None,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]


def is_loopback(host: str) -> bool:
    """Return whether a listen address only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_listen(host: str, settings: Settings) -> None:
    """Raise SettingsError unless the address is loopback or an API token is set."""
    if not is_loopback(host) and not settings.token:
        raise SettingsError(
            f"refusing to listen on {host}: other machines could reach it. Set {TOKEN_ENV} to a secret token "
            "(clients then send 'Authorization: Bearer TOKEN'), or listen on 127.0.0.1."
        )
