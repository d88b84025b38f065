"""``decompte serve``: the dashboard and JSON API over a ledger.

Declares the options and hands them to ``decompte.web.create_app``; uvicorn serves
the app. The server binds 127.0.0.1 unless ``--host`` says otherwise, and is
read-only unless a token is given.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from decompte.cli._app import app, err_console, handle_errors
from decompte.settings import DB_ENV_VAR

#: Same as ``decompte.web.TOKEN_ENV_VAR`` (not imported here: FastAPI loads only for `serve`).
TOKEN_ENV_VAR = "DECOMPTE_TOKEN"


@app.command("serve")
@handle_errors
def serve_command(
    db: Annotated[str | None, typer.Option("--db", envvar=DB_ENV_VAR, show_envvar=True,
                                           help="Ledger: an SQLite file or an SQLAlchemy URL. Default: ./decompte.db.")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the server to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar=TOKEN_ENV_VAR, show_envvar=True,
                                              help="Enable POST /api/documents, guarded by this bearer token.")] = None,
    max_text: Annotated[int, typer.Option(min=1, help="Longest text /api/extract and /api/documents accept, in characters.")] = 100_000,
    no_reference: Annotated[bool, typer.Option("--no-reference", help="Do not overlay reference series on timelines.")] = False,
) -> None:
    """Serve the dashboard (metrics, timelines, documents, claimants) and the JSON API.

    Read-only by default: the ledger is opened so that it cannot be written. With
    --token (or DECOMPTE_TOKEN), POST /api/documents ingests a text or URL for
    clients sending `Authorization: Bearer TOKEN`. API docs at /docs.

    Example: decompte serve --db decompte.db --port 8000
    """
    import uvicorn

    from decompte.api import require_ledger
    from decompte.web import WebConfig, create_app

    require_ledger(db)  # read-only: a mistyped --db must not create an empty ledger
    application = create_app(WebConfig(db=db, token=token or None, max_extract_chars=max_text,
                                       max_body_bytes=max(1_000_000, 8 * max_text), reference=not no_reference))
    mode = "read-write (token set)" if token else "read-only"
    err_console.print(escape(f"decompte: serving {mode} on http://{host}:{port}/ (API docs at /docs); Ctrl-C to stop"),
                      highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=False)
