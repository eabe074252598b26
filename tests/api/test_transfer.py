"""`POST /api/v1/{kind}/import` and `GET /api/v1/{kind}/export` over HTTP."""

from __future__ import annotations

import io
import json
from datetime import date

from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.factories import Factory, Person
from tests.workflow.transfer_files import AGREEMENT_HEADER, agreement_row, counts, csv_bytes
from workflow.models import Meeting

CSV = "text/csv"


def setting(make: Factory) -> tuple[Meeting, Person]:
    make.organ()
    make.area("UTVOE")
    return make.meeting(day=date(2024, 4, 26)), make.person("secretariat")


def upload(
    api: TestClient, who: Person, data: bytes, kind: str = "agreements", **form: str
) -> Response:
    return api.post(
        f"/api/v1/{kind}/import",
        files={"file": ("acuerdos.csv", data, CSV)},
        data=form,
        headers=who.headers,
    )


def test_an_editor_imports_a_file_and_a_dry_run_writes_nothing(
    api: TestClient, make: Factory, session: Session
) -> None:
    meeting, secretariat = setting(make)
    rows = [AGREEMENT_HEADER, agreement_row(f"{meeting.key}/01", meeting.key, state="En proceso")]
    before = counts(session)
    dry = api.post(
        "/api/v1/agreements/import?dry_run=true",
        files={"file": ("acuerdos.csv", csv_bytes(rows), CSV)},
        headers=secretariat.headers,
    )
    assert dry.status_code == 200, dry.text
    assert (dry.json()["dry_run"], dry.json()["created"]) == (True, 1)
    assert counts(session) == before
    done = upload(api, secretariat, csv_bytes(rows))
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["created"], body["transitions"]) == (1, 1)
    (change,) = body["changes"]
    assert (change["row"], change["action"], change["events"]) == (2, "create", ["start"])
    listed = api.get("/api/v1/agreements", headers=secretariat.headers).json()
    (item,) = listed["items"]
    detail = api.get(f"/api/v1/agreements/{item['id']}", headers=secretariat.headers).json()
    assert detail["transitions"][0]["by"] == "Importación de archivo por Persona secretariat"


def test_a_refused_file_answers_422_with_every_problem_and_changes_nothing(
    api: TestClient, make: Factory, session: Session
) -> None:
    meeting, secretariat = setting(make)
    rows = [
        AGREEMENT_HEADER,
        agreement_row(f"{meeting.key}/01", meeting.key, deadline="mañana"),
        agreement_row(f"{meeting.key}/02", meeting.key, areas="NADIE"),
        agreement_row(f"{meeting.key}/03", meeting.key, state="Archivado"),
    ]
    before = counts(session)
    response = upload(api, secretariat, csv_bytes(rows, sep=";", encoding="cp1252"))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_refused"
    assert body["detail"].startswith("El archivo «acuerdos.csv» tiene 3 problemas; no se importó")
    assert [(p["row"], p["column"], p["value"]) for p in body["problems"]] == [
        (2, "plazo", "mañana"),
        (3, "áreas", "NADIE"),
        (4, "estado", "Archivado"),
    ]
    assert all(p["expected"] and p["sentence"].startswith("Fila ") for p in body["problems"])
    assert counts(session) == before


def test_imports_are_for_editors_and_need_a_file(api: TestClient, make: Factory) -> None:
    meeting, _ = setting(make)
    member = make.person("member")
    rows = [AGREEMENT_HEADER, agreement_row(f"{meeting.key}/01", meeting.key)]
    assert upload(api, member, csv_bytes(rows)).status_code == 403
    assert api.post("/api/v1/agreements/import").status_code == 401
    # A member is refused before the request is validated (403, not 422); an editor is told.
    assert api.post("/api/v1/agreements/import", headers=member.headers).status_code == 403
    editor = make.person("secretariat")
    assert api.post("/api/v1/agreements/import", headers=editor.headers).status_code == 422


def test_exports_are_files_with_the_list_filters_and_do_not_collide_with_item_routes(
    api: TestClient, make: Factory
) -> None:
    meeting, _ = setting(make)
    area = make.area("DECEYEC")
    make.agreement([area], meeting=meeting, title="De la DECEyEC")
    make.agreement([area], meeting=meeting, title="=CMD()", relevant=True)
    member = make.person("member")
    response = api.get("/api/v1/agreements/export?area=DECEYEC", headers=member.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="acuerdos-' in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    assert "De la DECEyEC" in text and "'=CMD()" in text
    relevant = api.get(
        "/api/v1/agreements/export?format=json&relevant=true", headers=member.headers
    ).json()
    assert [i["title"] for i in relevant["items"]] == ["=CMD()"]
    xlsx = api.get("/api/v1/agreements/export?format=xlsx", headers=member.headers)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet["A1"].value == "clave"
    assert (
        api.get("/api/v1/agreements/export?format=pdf", headers=member.headers).status_code == 422
    )
    assert api.get("/api/v1/agreements/export").status_code == 401
    bad_state = api.get("/api/v1/agreements/export?state=vencido", headers=member.headers)
    assert bad_state.status_code == 422 and "Estado desconocido" in bad_state.json()["detail"]
    transparency = api.get("/api/v1/convenios/transparency?format=json", headers=member.headers)
    assert transparency.status_code == 200
    assert json.loads(transparency.content)["kind"] == "convenios_transparency"
    areas = api.get("/api/v1/areas/export", headers=member.headers)
    assert areas.content.decode("utf-8-sig").splitlines()[0] == "clave,nombre,webhook de teams"


def test_hostile_files_get_a_422_naming_row_and_column_never_a_500(
    api: TestClient, make: Factory, session: Session
) -> None:
    meeting, secretariat = setting(make)
    before = counts(session)
    nul = [AGREEMENT_HEADER, agreement_row(f"{meeting.key}/01", meeting.key, title="a\x00b")]
    wide = (",".join(f"c{i}" for i in range(100_000)) + "\r\n").encode()
    deep = b"[" * 100_000 + b"]" * 100_000
    expected = {
        csv_bytes(nul): (2, "acuerdo", "contiene un carácter de control (U+0000)"),
        wide: (1, "n.º 100000", "tiene datos hasta la columna 100\u00a0000"),
        deep: (0, None, "El JSON anida listas u objetos a demasiada profundidad"),
    }
    for data, (row, column, message) in expected.items():
        answer = upload(api, secretariat, data)
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "import_refused"
        (problem,) = answer.json()["problems"]
        assert (problem["row"], problem["column"]) == (row, column)
        assert problem["message"].startswith(message)
    assert counts(session) == before
