"""The Typer application and the one place where errors become exit codes.

Only Typer, Rich and Décompte's light modules are imported here and at the top of the
command modules: spaCy, SQLAlchemy, httpx, Dask and FastAPI load inside the commands
that use them, so that ``decompte --help`` and ``decompte --version`` answer at once.
"""

from __future__ import annotations

import functools
import os
import sys
from datetime import date
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from decompte.errors import DecompteError, UnsupportedInput

app = typer.Typer(
    name="decompte",
    help="Décompte: a ledger of the figures claimed in war reporting.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Piped into a file or a pager, tables keep a readable width instead of Rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line on stderr and return the exit to raise (``message`` is shown as is, never as markup)."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a ``DecompteError`` (or Ctrl-C) into one line on stderr and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DecompteError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: still one line, with the way to see more
            if os.environ.get("DECOMPTE_DEBUG"):
                raise
            raise fail(f"internal error: {type(exc).__name__}: {exc} (set DECOMPTE_DEBUG=1 for the traceback)", 70) from None

    return wrapper


def date_option(value: str | None, option: str = "--published") -> date | None:
    """A ``YYYY-MM-DD`` option value, refused with one line when it is not one."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UnsupportedInput(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None


def _print_versions(value: bool) -> None:
    if not value:
        return
    from decompte.cli.versions import version_lines

    for line in version_lines():
        typer.echo(line)
    raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_print_versions, is_eager=True,
                                          help="Print the package, extraction and pipeline versions, and exit.")] = False,
) -> None:
    """Décompte: a ledger of the figures claimed in war reporting."""


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # `decompte extract … | head` closes stdout early
        sys.stderr.close()
        sys.exit(0)
