"""The report page as the secretariat uses it before a session (SPEC §6a): it chooses the cut-off,
writes an observación per row, previews the draft, issues it, and finds the version on the
session page; other people read the versions but may not write or issue."""

from __future__ import annotations

import hashlib
import html
from datetime import date

from fastapi.testclient import TestClient

from tests.api.signin import csrf_of, person, sign_in
from tests.factories import Factory


def test_the_secretariat_annotates_issues_and_finds_the_version_on_the_session_page(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    m4 = make.meeting(date(2024, 4, 26), number=4)
    m5 = make.meeting(date(2024, 5, 24), number=5)
    with make.on(m4.date):
        agreement = make.agreement([area], m4, title="Presentar el calendario de eventos")
    key = agreement.key
    page = f"/sesiones/{m5.id}/seguimiento"
    sign_in(api, person(make, "secretariat"))

    shown = api.get(page)
    assert shown.status_code == 200
    assert f'name="obs:{key}"' in shown.text and "Emitir informe" in shown.text
    token = csrf_of(shown.text)

    assert api.post(f"{page}/observaciones", data={f"obs:{key}": "x"}).status_code == 403
    assert api.post(f"{page}/emitir", data={"confirmo": "si"}).status_code == 403

    too_long = "Avance " + "x" * 2000
    refused = api.post(
        f"{page}/observaciones",
        data={"csrf_token": token, f"obs:{key}": too_long, f"shown:{key}": ""},
    )
    assert refused.status_code == 422
    assert too_long in html.unescape(refused.text), "what was typed is shown again"
    assert "el máximo es 2000" in refused.text and 'aria-invalid="true"' in refused.text

    saved = api.post(
        f"{page}/observaciones",
        data={"csrf_token": token, f"obs:{key}": "Se presentó en tiempo.", f"shown:{key}": ""},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == page
    again = api.get(page)
    assert "Se guardaron las observaciones de 1 renglón(es)." in again.text
    assert ">Se presentó en tiempo.</textarea>" in again.text

    chosen = api.get(page, params={"al": "2024-05-10"})
    assert "Borrador al 10 de mayo de 2024" in chosen.text
    assert f'href="{page}.pdf?al=2024-05-10"' in chosen.text
    preview = api.get(f"{page}.pdf", params={"al": "2024-05-10"})
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    bad = api.get(page, params={"al": "10/05/2024"})
    assert bad.status_code == 422 and 'id="err-al"' in bad.text

    unconfirmed = api.post(f"{page}/emitir", data={"csrf_token": token, "al": "2024-05-23"})
    assert unconfirmed.status_code == 422 and "Marque la casilla" in unconfirmed.text
    issued = api.post(
        f"{page}/emitir",
        data={"csrf_token": token, "al": "2024-05-23", "confirmo": "si"},
        follow_redirects=False,
    )
    assert issued.status_code == 303, issued.text
    download = issued.headers["location"]
    assert download == f"{page}/emitidos/1.pdf"
    pdf = api.get(download)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    digest = hashlib.sha256(pdf.content).hexdigest()

    session_page = api.get(f"/sesiones/{m5.id}").text
    assert "Se emitió la versión 1/2024 del informe" in session_page
    assert f'value="{digest}"' in session_page and f'href="{download}"' in session_page
    assert "23 may 2024" in session_page
    assert api.get(download).content == pdf.content
    assert api.get(f"{page}/emitidos/1.xlsx").content.startswith(b"PK")
    assert api.get(f"{page}/emitidos/2.pdf").status_code == 404


def test_people_who_only_read_see_the_versions_but_no_forms(api: TestClient, make: Factory) -> None:
    area = make.area()
    m4 = make.meeting(date(2024, 4, 26), number=4)
    m5 = make.meeting(date(2024, 5, 24), number=5)
    key = make.agreement([area], m4).key
    page = f"/sesiones/{m5.id}/seguimiento"
    sign_in(api, person(make, "area", area))

    shown = api.get(page)
    assert shown.status_code == 200 and "Versiones emitidas" in shown.text
    assert "obs:" not in shown.text and "Emitir informe" not in shown.text
    token = csrf_of(api.get("/").text)
    data = {"csrf_token": token, f"obs:{key}": "x", "confirmo": "si"}
    assert api.post(f"{page}/observaciones", data=data).status_code == 403
    assert api.post(f"{page}/emitir", data=data).status_code == 403
    assert f"/sesiones/{m5.id}/seguimiento/emitidos/" not in api.get(f"/sesiones/{m5.id}").text
