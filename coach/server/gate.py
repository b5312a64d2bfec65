"""The gate in front of /v1 and /v2: the per-client rate limit and the API token, checked before any body is read.

An unauthenticated or over-limit client is turned away at the door, so it
cannot make the server parse a 50 MB upload first. The token may come as
`Authorization: Bearer TOKEN` or `X-API-Key: TOKEN`; LanguageTool clients
send it as the `apiKey` form field of /v2/check, which only the endpoint can
read, so a /v2/check without a token header is let through to be checked
there (by `token_error`).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any

from .limits import ApiError, RateLimiter, Send, send_json

GUARDED_PREFIXES = ("/v1/", "/v2/")
FORM_TOKEN_PATHS = frozenset({"/v2/check"})


def header_token(headers: dict[str, str]) -> str | None:
    """Return the token in a request's headers (lower-case names), if any."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-api-key") or None


def token_error(expected: str | None, given: str | None) -> ApiError | None:
    """Return the 401/403 to answer when a token is required and the given one is missing or wrong."""
    if not expected:
        return None
    if not given:
        return ApiError(401, "this server needs an API token: send 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return ApiError(403, "the API token is not valid")
    return None


class Gate:
    """ASGI middleware: count each /v1 and /v2 request against its client's rate limit, then check the token."""

    def __init__(self, app: Any, limiter: RateLimiter, token: str | None):
        self.app, self.limiter, self.token = app, limiter, token

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Any], send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(GUARDED_PREFIXES):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        try:
            self.limiter.check(client[0] if client else "unknown")
        except ApiError as over:
            await send_json(send, over.status, over.message, over.headers)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        given = header_token(headers)
        if not (given is None and path in FORM_TOKEN_PATHS):
            refused = token_error(self.token, given)
            if refused:
                await send_json(send, refused.status, refused.message)
                return
        await self.app(scope, receive, send)
