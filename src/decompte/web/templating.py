"""The Jinja2 environment: autoescaped, with the few filters the pages share.

``autoescape=True`` for every template whatever its name (Datasette's habit): article
text, titles and claimant names are data from the outside world and are only ever
inserted escaped. No filter here returns ``Markup``.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.templating import Jinja2Templates

from decompte.web.chart import PALETTE, VERDICT_COLOURS, format_number
from decompte.web.security import safe_link

QUALIFIER_SIGNS: dict[str, str] = {
    "exact": "", "about": "≈ ", "nearly": "almost ", "more_than": "> ", "at_least": "≥ ",
    "less_than": "< ", "at_most": "≤ ", "vague": "~ ",
}


def figure(value: float | None, qualifier: str = "exact", high: float | None = None) -> str:
    """A figure as people read it: ``> 14 400``, ``≈ 10 000``, ``2 000–4 000``."""
    if value is None:
        return ""
    if qualifier == "range" and high is not None:
        return f"{format_number(value)}–{format_number(high)}"
    return QUALIFIER_SIGNS.get(qualifier, "") + format_number(value)


def day(value: date | str | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def metric_path(metric: str) -> str:
    """URL path of a metric's timeline page; slashes stay, anything else is percent-encoded."""
    return "/metrics/" + quote(metric, safe="/")


def with_query(path: str, params: dict[str, Any], **extra: Any) -> str:
    """``path`` with the non-empty ``params`` (and ``extra``) as its query string."""
    merged = {k: v for k, v in {**params, **extra}.items() if v not in (None, "")}
    return f"{path}?{urlencode(merged)}" if merged else path


def make_templates() -> Jinja2Templates:
    """The app's templates, loaded from the package (works from a wheel as from a checkout)."""
    folder = resources.files("decompte.web") / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=format_number, figure=figure, day=day, metric_path=metric_path)
    env.globals.update(safe_link=safe_link, with_query=with_query, palette=PALETTE,
                       verdict_colours=VERDICT_COLOURS, metric_path=metric_path)
    return Jinja2Templates(env=env)
