"""Pages, reports and messages share one set of Spanish date filters under the same names."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from api.pages.rendering import templates
from api.reports.templating import environment as report_environment
from notifications.messages import environment as message_environment
from states import dates_es

TZ = ZoneInfo("America/Mexico_City")
NAMES = set(dates_es.PLAIN) | set(dates_es.ZONED)


def test_every_environment_registers_every_date_filter() -> None:
    for env in (templates.env, report_environment(TZ), message_environment(TZ)):
        assert set(env.filters) >= NAMES
        assert "fecha" not in env.filters, "one name, one meaning"


def test_a_filter_renders_the_same_in_pages_reports_and_messages() -> None:
    day = date(2024, 6, 10)
    for env in (templates.env, report_environment(TZ), message_environment(TZ)):
        shown = env.from_string("{{ d | long_date }} · {{ d | short_date }}").render(d=day, tz=TZ)
        assert shown == "10 de junio de 2024 · 10 jun 2024"


def test_every_template_names_only_filters_its_environment_has() -> None:
    """Jinja checks filter names when it compiles a template: an old name would fail here."""
    for env, prefix in (
        (templates.env, "pages/"),
        (report_environment(TZ), "reports/"),
        (message_environment(TZ), ""),
    ):
        names = [n for n in env.list_templates() if n.startswith(prefix)]
        assert names
        for name in names:
            env.get_template(name)
