"""The web face of the ledger: HTML pages and a JSON API (``decompte serve``).

``create_app(WebConfig(db=…))`` returns the FastAPI application; see ``app.py`` for
what it holds and ``docs/web.md`` for every page and endpoint.
"""

from __future__ import annotations

from decompte.web.app import TOKEN_ENV_VAR, WebConfig, create_app

__all__ = ["TOKEN_ENV_VAR", "WebConfig", "create_app"]
