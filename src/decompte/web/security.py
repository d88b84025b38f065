"""What keeps the web app safe to expose: headers, a body-size cap, the bearer token.

- Every response carries a Content-Security-Policy that allows only the app's own
  scripts and styles: even if some text escaped escaping, a browser would refuse to
  run an inline ``<script>`` or an ``onerror=`` attribute.
- Request bodies are capped (``WebConfig.max_body_bytes``) while they are read, so a
  client cannot make the server buffer gigabytes by leaving out ``Content-Length``.
- Writes need ``Authorization: Bearer <token>``, compared in constant time; with no
  token configured they are refused outright.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI sets inline styles; its page alone may use them (scripts stay 'self').
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class BodyTooLarge(HTTPException):
    """A request body went past the configured limit (an HTTP 413, whoever catches it)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the {limit}-byte limit")


class SecurityMiddleware:
    """Adds the security headers to every response and caps request bodies (pure ASGI)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path") == "/docs" else CSP
        limit = self.max_body_bytes
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > limit:  # refused before a byte of it is read
            from decompte.web.errors import error_response  # errors renders templates: imported late

            response = error_response(Request(scope), BodyTooLarge(limit).status_code, BodyTooLarge(limit).detail)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, capped_receive, send_with_headers)


def _content_length(scope: Scope) -> int | None:
    """The request's ``Content-Length``, if it sent a valid one."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def check_token(request: Request, expected: str | None) -> None:
    """Raise 403 when writing is off, 401 when the bearer token is missing or wrong."""
    if not expected:
        raise HTTPException(403, "writing is disabled: start the server with --token (or DECOMPTE_TOKEN) to enable it")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


def safe_link(url: Any) -> str | None:
    """``url`` if it is an http(s) link, else ``None``: a ``javascript:`` URL must never become an href."""
    if not isinstance(url, str):
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None
