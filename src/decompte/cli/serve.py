"""``decompte serve``: the dashboard and JSON API over a ledger.

Declares the options and hands them to ``decompte.web.create_app``; uvicorn serves
the app. The server binds 127.0.0.1 unless ``--host`` says otherwise, and is
read-only unless a token is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from decompte.cli._app import app, err_console, handle_errors
from decompte.errors import UnsupportedInput
from decompte.settings import DB_ENV_VAR

#: Same as ``decompte.web.TOKEN_ENV_VAR`` (not imported here: FastAPI loads only for `serve`).
TOKEN_ENV_VAR = "DECOMPTE_TOKEN"
#: The Host headers a server bound to loopback answers unless --allowed-host says otherwise.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def read_token(token: str | None, token_file: Path | None) -> str | None:
    """The bearer token from ``--token``/``DECOMPTE_TOKEN`` or ``--token-file`` (one of them), or ``None``."""
    if token_file is None:
        return token or None
    if token:
        raise UnsupportedInput("give the token with --token (or DECOMPTE_TOKEN) or with --token-file, not both")
    try:
        lines = token_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnsupportedInput(f"--token-file {token_file}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    value = lines[0].strip() if lines else ""
    if not value:
        raise UnsupportedInput(f"--token-file {token_file}: the file is empty")
    return value


@app.command("serve")
@handle_errors
def serve_command(
    db: Annotated[str | None, typer.Option("--db", envvar=DB_ENV_VAR, show_envvar=True,
                                           help="Ledger: an SQLite file or an SQLAlchemy URL. Default: ./decompte.db.")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the server to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar=TOKEN_ENV_VAR, show_envvar=True,
                                              help="Enable POST /api/documents, guarded by this bearer token "
                                                   "(prefer DECOMPTE_TOKEN or --token-file: any user sees --token in ps).")] = None,
    token_file: Annotated[Path | None, typer.Option("--token-file", help="Read the bearer token from this file "
                                                    "(its first line).")] = None,
    allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help="A Host header to answer "
                            "(repeatable; * for any). Default: 127.0.0.1 and localhost when --host is 127.0.0.1, else any.")] = None,
    max_text: Annotated[int, typer.Option(min=1, help="Longest text /api/extract and /api/documents accept, in characters.")] = 100_000,
    max_extractions: Annotated[int, typer.Option(min=1, help="Extractions /api/extract runs at once; more get 429.")] = 2,
    extract_seconds: Annotated[float, typer.Option(min=0.1, help="Time budget of one /api/extract request; past it, 503.")] = 20.0,
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
    token = read_token(token, token_file)
    hosts = tuple(allowed_host or (LOOPBACK_HOSTS if host in LOOPBACK_HOSTS else ("*",)))
    application = create_app(WebConfig(db=db, token=token, allowed_hosts=hosts, max_extract_chars=max_text,
                                       max_body_bytes=max(1_000_000, 8 * max_text), reference=not no_reference,
                                       max_extractions=max_extractions, extract_seconds=extract_seconds))
    mode = "read-write (token set)" if token else "read-only"
    err_console.print(escape(f"decompte: serving {mode} on http://{host}:{port}/ (API docs at /docs); Ctrl-C to stop"),
                      highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=False)
