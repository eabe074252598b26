"""The follow-up report's XLSX writes people's text exactly as the exports do: never a formula."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.factories import Factory
from workflow.items.listing import Filters
from workflow.runtime.clock import Clock
from workflow.spreadsheets.exporting import export

TITLE = '=HYPERLINK("http://x","y")'
TEXT = "+Entregar\x07 el informe"


def cells(content: bytes, *values: str) -> dict[str, list[tuple[Any, str, bool]]]:
    """Every cell holding one of `values`, as (value, data type, quote prefix)."""
    found: dict[str, list[tuple[Any, str, bool]]] = {v: [] for v in values}
    for ws in load_workbook(io.BytesIO(content)).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value in found:
                    found[c.value].append((c.value, c.data_type, bool(c.quotePrefix)))
    return found


def test_a_formula_typed_as_a_title_is_text_in_the_report_as_in_the_export(
    api: TestClient, make: Factory, session: Session, clock: Clock
) -> None:
    member = make.person("member")
    area = make.area()
    m4 = make.meeting(number=4)
    m5 = make.meeting(m4.date.replace(month=m4.date.month + 1), number=5)
    make.agreement([area], m4, title=TITLE, text=TEXT)
    r = api.get(
        f"/api/v1/meetings/{m5.id}/report", params={"format": "xlsx"}, headers=member.headers
    )
    assert r.status_code == 200, r.text
    shown_text = TEXT.replace("\x07", "")
    report = cells(r.content, TITLE, shown_text)
    assert report[TITLE] and all(c == (TITLE, "s", True) for c in report[TITLE]), report
    assert report[shown_text] and all(c == (shown_text, "s", True) for c in report[shown_text])
    exported = export(
        session=session, kind="agreements", fmt="xlsx", filters=Filters(), clock=clock
    )
    same = cells(exported.content, TITLE, shown_text)
    assert same[TITLE][0] == report[TITLE][0] and same[shown_text][0] == report[shown_text][0]


def test_a_formula_typed_as_an_activity_is_text_in_the_convenio_progress_report(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    secretariat = make.person("secretariat")
    convenio = make.convenio([area], title=TITLE)
    make.activity(area, convenio=convenio, title=TEXT, due_date=date(2024, 3, 31))
    url = f"/api/v1/convenios/{convenio.id}/progress-reports"
    issued = api.post(url, json={"cut_off": "2024-04-30"}, headers=secretariat.headers)
    assert issued.status_code == 201, issued.text
    r = api.get(f"{url}/1", params={"format": "xlsx"}, headers=secretariat.headers)
    assert r.status_code == 200, r.text
    shown_text = TEXT.replace("\x07", "")
    report = cells(r.content, shown_text)
    assert report[shown_text] and all(c == (shown_text, "s", True) for c in report[shown_text])
    summary = load_workbook(io.BytesIO(r.content))["Resumen"]
    convenio_line = next(c for c in summary["B"] if str(c.value).startswith(TITLE))
    assert (convenio_line.data_type, convenio_line.quotePrefix) == ("s", True)
