"""The Jinja2 environment of the reports: Spanish dates (`states.dates_es`), autoescaping, the
report stylesheet.

Separate from the pages' environment because a report is also rendered outside a request
(the CLI, the PDF); a page embeds the rendered report body inside the pages' layout.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from states import dates_es


@lru_cache(maxsize=8)
def environment(tz: ZoneInfo) -> Environment:
    """The environment bound to the institution's time zone (for timestamps of actions)."""
    env = Environment(
        loader=PackageLoader("api", "templates"),
        autoescape=select_autoescape(["html", "css"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(dates_es.filters(tz))
    return env


STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "reports" / "report.css"


@lru_cache(maxsize=1)
def stylesheet() -> Markup:
    """The report CSS, for a page that embeds a report (the page's own CSS stays in its file)."""
    return Markup(STYLESHEET.read_text(encoding="utf-8"))


def render(tz: ZoneInfo, name: str, **context: Any) -> Markup:
    """Render `reports/<name>` to markup (safe to embed in a page)."""
    return Markup(environment(tz).get_template(f"reports/{name}").render(**context))
