"""Links between items in the exports: an acuerdo's row names the keys of its convenios and
activities, a convenio's or an activity's row the keys of its acuerdos; an import reads the
file back and leaves the links as they were (it does not read those columns)."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow.items import links
from workflow.items.listing import Filters
from workflow.models import AgreementLink
from workflow.runtime.clock import Clock
from workflow.spreadsheets.exporting import export
from workflow.spreadsheets.importing import import_file


def exported(session: Session, clock: Clock, kind: str, fmt: str) -> bytes:
    return export(session=session, kind=kind, fmt=fmt, filters=Filters(), clock=clock).content


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_exports_name_the_linked_items_on_both_sides(
    session: Session, make: Factory, clock: Clock
) -> None:
    area = make.area()
    first = make.convenio([area], title="Convenio con el INE")
    second = make.convenio([area], title="Convenio con la UNAM")
    activity = make.activity(area, convenio=first)
    linked = make.agreement([area], title="Vinculado")
    make.agreement([area], title="Sin vínculos")
    links.replace(
        session=session,
        actor=ADMIN,
        clock=clock,
        agreement=linked,
        wanted={"convenios": [second.id, first.id], "activities": [activity.id]},
    )

    rows = csv_rows(exported(session, clock, "agreements", "csv"))
    assert [
        (r["título"], r["convenios vinculados"], r["actividades vinculadas"]) for r in rows
    ] == [
        ("Vinculado", f"{first.key}; {second.key}", activity.key),
        ("Sin vínculos", "", ""),
    ]
    book = load_workbook(io.BytesIO(exported(session, clock, "agreements", "xlsx")))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["convenios vinculados"] == f"{first.key}; {second.key}"
    assert values["actividades vinculadas"] == activity.key
    items = json.loads(exported(session, clock, "agreements", "json"))["items"]
    assert items[0]["convenios"] == [first.key, second.key] and items[1]["activities"] == []

    by_convenio = {
        r["clave"]: r["acuerdos vinculados"]
        for r in csv_rows(exported(session, clock, "convenios", "csv"))
    }
    assert by_convenio == {first.key: linked.key, second.key: linked.key}
    (activity_row,) = csv_rows(exported(session, clock, "activities", "csv"))
    assert activity_row["acuerdos vinculados"] == linked.key
    activities = json.loads(exported(session, clock, "activities", "json"))["items"]
    assert activities[0]["agreements"] == [linked.key]

    count = session.scalar(select(func.count()).select_from(AgreementLink))
    for fmt in ("csv", "xlsx"):
        again = import_file(
            session=session,
            actor=ADMIN,
            clock=clock,
            kind="agreements",
            data=exported(session, clock, "agreements", fmt),
            filename=f"acuerdos.{fmt}",
        )
        assert again.unchanged == 2, again.changes
    assert session.scalar(select(func.count()).select_from(AgreementLink)) == count == 3
