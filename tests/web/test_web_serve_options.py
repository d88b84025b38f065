"""``decompte serve`` options from issue 14: the token out of ``ps``, and trusted Host headers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from decompte.cli.serve import read_token
from decompte.errors import UnsupportedInput

pytestmark = pytest.mark.anyio


def test_the_token_is_read_from_the_first_line_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("  s3cret-token-value  \nignored\n", encoding="utf-8")
    assert read_token(None, path) == "s3cret-token-value"
    assert read_token("from-env", None) == "from-env"
    assert read_token("", None) is None


@pytest.mark.parametrize(("content", "given", "message"), [
    ("\n", None, "--token-file {path}: the file is empty"),
    ("abc", "also", "give the token with --token (or DECOMPTE_TOKEN) or with --token-file, not both"),
])
def test_a_bad_token_file_is_one_line(tmp_path: Path, content: str, given: str | None, message: str) -> None:
    path = tmp_path / "token"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnsupportedInput) as caught:
        read_token(given, path)
    assert str(caught.value) == message.format(path=path)


def test_serve_refuses_a_missing_token_file_in_one_line(tmp_path: Path, ledger_path: Path) -> None:
    from typer.testing import CliRunner

    from decompte.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(ledger_path), "--token-file", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr == f"error: --token-file {tmp_path / 'none'}: cannot be read (No such file or directory)\n"


async def test_only_the_allowed_host_headers_are_answered(ledger_path: Path) -> None:
    from decompte.web import WebConfig, create_app

    app = create_app(WebConfig(db=ledger_path, allowed_hosts=("127.0.0.1", "localhost")))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
        assert (await c.get("/api/metrics")).status_code == 200
        assert (await c.get("/api/metrics", headers={"Host": "localhost:8000"})).status_code == 200
        r = await c.get("/api/metrics", headers={"Host": "attacker.example"})
        assert (r.status_code, r.text) == (400, "Invalid host header")
    app.state.decompte.close()
