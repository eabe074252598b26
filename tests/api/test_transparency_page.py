"""`/convenios` offers the transparency format: a year and a quarter chosen on the list page
give the signed convenios of that quarter in the portals' layout, as XLSX or CSV."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.api.signin import person, sign_in
from tests.factories import ADMIN, Factory
from workflow.engine.fire import fire
from workflow.runtime.clock import Clock
from workflow.spreadsheets.transparency import COLUMNS


def signed(session: Session, make: Factory, clock: Clock) -> None:
    convenio = make.convenio(
        [make.area("UTVOE")], title="Convenio con la UNAM", counterparts=["UNAM"]
    )
    convenio.counterparts[0].sector = "academico"
    for event, data in (
        ("submit_review", {}),
        ("approve", {}),
        (
            "sign",
            {
                "signed_on": date(2024, 2, 1),
                "valid_from": date(2024, 2, 1),
                "valid_until": date(2025, 1, 31),
            },
        ),
    ):
        fire(session=session, item=convenio, event=event, actor=ADMIN, clock=clock, data=data)
    session.flush()


def test_the_list_offers_the_form_and_it_downloads_the_quarter(
    api: TestClient, make: Factory, session: Session, clock: Clock
) -> None:
    signed(session, make, clock)
    sign_in(api, person(make, "member"))
    page = api.get("/convenios")
    assert page.status_code == 200
    assert 'action="/convenios/transparencia"' in page.text
    assert 'name="ejercicio"' in page.text and 'name="trimestre"' in page.text
    assert "Formato de transparencia" in page.text

    xlsx = api.get("/convenios/transparencia?ejercicio=2024&trimestre=1&formato=xlsx")
    assert xlsx.status_code == 200, xlsx.text
    assert 'filename="convenios-transparencia-2024-T1-' in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == "Ejercicio")
    assert rows[header] == [h for _, h in COLUMNS]
    (row,) = [r for r in rows[header + 1 :] if any(r)]
    cells = dict(zip(rows[header], row, strict=True))
    assert cells["Denominación del convenio"] == "Convenio con la UNAM"
    assert cells["Razón social con quien se celebra el convenio"] == "UNAM"
    assert cells["Tipo de convenio"] == "De colaboración académica"
    assert "No se cuenta con fecha de publicación" in cells["Nota"]

    csv = api.get("/convenios/transparencia?ejercicio=2024&trimestre=3&formato=csv")
    assert csv.status_code == 200
    assert "no se suscribieron convenios" in csv.content.decode("utf-8-sig")


def test_a_wrong_quarter_is_refused_in_spanish_and_strangers_are_sent_to_sign_in(
    api: TestClient, make: Factory
) -> None:
    assert (
        api.get(
            "/convenios/transparencia?ejercicio=2024&trimestre=1", follow_redirects=False
        ).status_code
        == 303
    )
    sign_in(api, person(make, "member"))
    for query, said in (
        ("ejercicio=2024&trimestre=9", "El trimestre debe ser 1, 2, 3 o 4"),
        ("ejercicio=año&trimestre=1", "El ejercicio debe ser un número"),
        ("ejercicio=1800&trimestre=1", "El ejercicio debe ser un año entre 2000 y 2100"),
        ("ejercicio=2024&trimestre=1&formato=pdf", "Elija el formato del archivo"),
    ):
        refused = api.get(f"/convenios/transparencia?{query}")
        assert refused.status_code == 422, query
        assert said in refused.text
