"""`/importar` (dry run, then apply, all or nothing), the export buttons of the lists (their
filters kept), and `/actividades` with its filters and its creation form."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.api.signin import person, sign_in
from tests.factories import Factory
from tests.workflow.transfer_files import AGREEMENT_HEADER, agreement_row, counts, csv_bytes
from workflow.models import Activity, Agreement, Meeting
from workflow.runtime.settings import Settings
from workflow.spreadsheets import pending_imports

REFERENCE = re.compile(r'name="referencia" value="([^"]+)"')


def setting(make: Factory) -> Meeting:
    make.organ()
    make.area("UTVOE")
    return make.meeting(day=date(2024, 4, 26))


def check(api: TestClient, token: str, data: bytes, kind: str = "agreements") -> Response:
    return api.post(
        "/importar",
        data={"csrf_token": token, "tipo": kind},
        files={"archivo": ("acuerdos.csv", data, "text/csv")},
    )


def apply(api: TestClient, token: str, page: Response) -> Response:
    found = REFERENCE.search(page.text)
    assert found, "the dry run offers no button to apply it"
    return api.post(
        "/importar/aplicar",
        data={"csrf_token": token, "referencia": found.group(1)},
        follow_redirects=False,
    )


def exported_keys(response: Response) -> list[str]:
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


def test_only_the_secretariat_and_admins_reach_the_import_page(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    for role in ("area", "member"):
        token = sign_in(api, person(make, role, area if role == "area" else None))
        assert api.get("/importar").status_code == 403
        refused = check(api, token, b"clave\n")
        assert refused.status_code == 403
        api.cookies.clear()
    assert api.get("/importar", follow_redirects=False).status_code == 303  # to the sign-in
    sign_in(api, person(make, "secretariat"))
    page = api.get("/importar")
    assert page.status_code == 200
    assert 'href="/importar/plantilla/agreements.xlsx"' in page.text


def test_the_import_templates_are_the_columns_an_import_reads(
    api: TestClient, make: Factory
) -> None:
    sign_in(api, person(make, "secretariat"))
    blank = api.get("/importar/plantilla/activities.csv")
    assert blank.status_code == 200
    assert (
        blank.headers["content-disposition"] == 'attachment; filename="plantilla-actividades.csv"'
    )
    (header,) = list(csv.reader(io.StringIO(blank.content.decode("utf-8-sig"))))
    assert header[:3] == ["clave", "actividad", "descripción"] and "vencido" not in header
    assert api.get("/importar/plantilla/agreements.xlsx").content.startswith(b"PK")
    assert api.get("/importar/plantilla/agreements.pdf").status_code == 422
    assert api.get("/importar/plantilla/meetings.csv").status_code == 422


def test_an_import_without_the_csrf_token_is_refused_and_saves_nothing(
    api: TestClient, make: Factory, session: Session
) -> None:
    meeting = setting(make)
    sign_in(api, person(make, "secretariat"))
    rows = [AGREEMENT_HEADER, agreement_row(f"{meeting.key}/01", meeting.key)]
    before = counts(session)
    refused = check(api, "falsificado", csv_bytes(rows))
    assert refused.status_code == 403
    assert "código de seguridad" in refused.text
    assert counts(session) == before


def test_a_bad_row_is_shown_by_row_and_column_then_the_fixed_file_applies(
    api: TestClient, make: Factory, session: Session
) -> None:
    meeting = setting(make)
    token = sign_in(api, person(make, "secretariat"))
    good = agreement_row(f"{meeting.key}/01", meeting.key, title="Publicar la convocatoria")
    bad = agreement_row(f"{meeting.key}/02", meeting.key, deadline="mañana")
    before = counts(session)

    refused = check(api, token, csv_bytes([AGREEMENT_HEADER, good, bad]))
    assert refused.status_code == 422
    assert "tiene 1 problema; no se importó nada." in refused.text
    cells = re.findall(r'<td data-label="(Fila|Columna|Valor)">([^<]*)</td>', refused.text)
    assert cells == [("Fila", "3"), ("Columna", "plazo"), ("Valor", "mañana")]
    assert 'name="referencia"' not in refused.text  # nothing to apply
    assert counts(session) == before

    fixed = agreement_row(f"{meeting.key}/02", meeting.key, deadline="31/05/2024")
    dry = check(api, token, csv_bytes([AGREEMENT_HEADER, good, fixed]))
    assert dry.status_code == 200, dry.text
    assert "Se importaría «acuerdos.csv»" in dry.text and "2 nuevas" in dry.text
    assert counts(session) == before  # a dry run writes nothing

    done = apply(api, token, dry)
    assert done.status_code == 303 and done.headers["location"] == "/acuerdos"
    assert "Publicar la convocatoria" in set(session.scalars(select(Agreement.title)))
    assert counts(session)["Agreement"] == before["Agreement"] + 2
    assert "Se importó «acuerdos.csv»" in api.get("/acuerdos").text
    # The same dry run cannot be applied twice.
    again = apply(api, token, dry)
    assert again.status_code == 409
    assert counts(session)["Agreement"] == before["Agreement"] + 2


def test_the_list_exports_keep_its_filters(api: TestClient, make: Factory) -> None:
    utvoe, other = make.area("UTVOE"), make.area()
    mine = make.agreement([utvoe], title="Del área UTVOE")
    make.agreement([other], title="De otra área")
    sign_in(api, person(make, "member"))
    listed = api.get("/acuerdos?area=UTVOE&pagina=1")
    assert 'href="/acuerdos/exportar?area=UTVOE&amp;formato=csv"' in listed.text
    assert 'href="/acuerdos/exportar?area=UTVOE&amp;formato=xlsx"' in listed.text
    assert 'href="/importar' not in listed.text  # a member does not import
    assert exported_keys(api.get("/acuerdos/exportar?area=UTVOE&formato=csv")) == [mine.key]
    assert len(exported_keys(api.get("/acuerdos/exportar?formato=csv"))) == 2
    xlsx = api.get("/convenios/exportar?formato=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert api.get("/acuerdos/exportar?formato=pdf").status_code == 422
    api.cookies.clear()
    assert api.get("/acuerdos/exportar", follow_redirects=False).status_code == 303


def test_the_activities_list_filters_by_convenio_organ_area_state_and_text(
    api: TestClient, make: Factory
) -> None:
    utvoe, other = make.area("UTVOE"), make.area()
    convenio = make.convenio([utvoe])
    of_plan = make.activity(utvoe, convenio, title="Capacitar al personal")
    programme = make.activity(other, title="Informe trimestral", due_date=date(2024, 5, 1))
    sign_in(api, person(make, "member"))

    def listed(query: str) -> set[str]:
        page = api.get("/actividades" + query)
        assert page.status_code == 200, page.text
        return set(re.findall(r'<td data-label="Clave" class="key">([^<]+)</td>', page.text))

    assert listed("") == {of_plan.key, programme.key}
    assert listed(f"?convenio={convenio.id}") == {of_plan.key}
    assert listed(f"?organo={programme.organ.code}") == {programme.key}
    assert listed(f"?area={other.code}") == {programme.key}
    assert listed("?vencidos=1") == {programme.key}
    assert listed("?q=capacitar") == {of_plan.key}
    assert listed("?estado=done") == set()
    assert api.get("/actividades?convenio=abc").status_code == 422
    csv_page = api.get(f"/actividades/exportar?convenio={convenio.id}&formato=csv")
    assert exported_keys(csv_page) == [of_plan.key]
    nav = api.get("/actividades").text
    assert '<a href="/actividades" aria-current="page">Actividades</a>' in nav
    assert '<a href="/convenios" aria-current="page">' not in nav


def test_the_secretariat_registers_an_activity_and_an_area_head_may_not(
    api: TestClient, make: Factory, session: Session
) -> None:
    utvoe = make.area("UTVOE")
    convenio = make.convenio([utvoe])
    token = sign_in(api, person(make, "area", utvoe))
    assert api.get("/actividades/nueva").status_code == 403
    assert "/actividades/nueva" not in api.get(f"/convenios/{convenio.id}").text
    form = {"csrf_token": token, "title": "Taller", "area": "UTVOE", "convenio": str(convenio.id)}
    assert api.post("/actividades/nueva", data=form).status_code == 403
    api.cookies.clear()

    token = sign_in(api, person(make, "secretariat"))
    plan = api.get(f"/convenios/{convenio.id}").text
    assert f'href="/actividades/nueva?convenio={convenio.id}"' in plan
    chosen = api.get(f"/actividades/nueva?convenio={convenio.id}").text
    assert f'<option value="{convenio.id}" selected>' in chosen
    both = api.post(
        "/actividades/nueva",
        data={
            "csrf_token": token,
            "title": "Taller",
            "area": "UTVOE",
            "convenio": str(convenio.id),
            "organ": make.organ().code,
        },
    )
    assert both.status_code == 422 and "uno solo" in both.text
    assert 'value="Taller"' in both.text  # what was typed is kept
    bad_date = api.post(
        "/actividades/nueva",
        data={
            "csrf_token": token,
            "title": "Taller",
            "area": "UTVOE",
            "convenio": str(convenio.id),
            "due_date": "31/02/2024",
        },
    )
    assert bad_date.status_code == 422 and "Fecha compromiso" in bad_date.text
    assert session.scalar(select(Activity.id)) is None
    done = api.post(
        "/actividades/nueva",
        data={
            "csrf_token": token,
            "title": "Taller",
            "area": "UTVOE",
            "convenio": str(convenio.id),
            "due_date": "2024-06-30",
            "relevant": "1",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    (created,) = session.scalars(select(Activity)).all()
    assert (created.convenio_id, created.due_date, created.relevant) == (
        convenio.id,
        date(2024, 6, 30),
        True,
    )
    assert done.headers["location"] == f"/actividades/{created.id}"


def test_hostile_import_posts_get_a_readable_4xx_and_change_nothing(
    api: TestClient, make: Factory, session: Session, settings: Settings
) -> None:
    meeting = setting(make)
    token = sign_in(api, person(make, "secretariat"))
    before = counts(session)
    answers = [
        api.post("/importar", data={"csrf_token": token, "tipo": "agreements"}),
        api.post("/importar", data={"csrf_token": token, "tipo": "x", "archivo": "texto"}),
        check(api, token, b"\x00\xff\xfe garbage", kind="meetings"),
        check(api, token, b"PK\x03\x04 not really a workbook"),
        api.post("/importar/aplicar", data={"csrf_token": token, "referencia": "../../x"}),
    ]
    assert [r.status_code for r in answers] == [422, 422, 422, 422, 409]
    assert all("no se importó nada" in r.text.lower() for r in answers)

    rows = [AGREEMENT_HEADER, agreement_row(f"{meeting.key}/01", meeting.key)]
    dry = check(api, token, csv_bytes(rows))
    assert dry.status_code == 200, dry.text
    for kept in (settings.files_dir / pending_imports.FOLDER).iterdir():
        kept.write_bytes(b"otro contenido")  # changed on disk after it was checked
    refused = apply(api, token, dry)
    assert refused.status_code == 422 and "no coincide" in refused.text
    assert counts(session) == before


def test_an_area_head_sees_the_activities_of_its_area_among_its_pending_work(
    api: TestClient, make: Factory
) -> None:
    utvoe, other = make.area("UTVOE"), make.area()
    mine = make.activity(utvoe, title="Actividad de UTVOE")
    make.activity(other, title="Actividad de otra área")
    sign_in(api, person(make, "area", utvoe))
    dashboard = api.get("/").text
    assert f'href="/actividades/{mine.id}"' in dashboard
    assert "Actividad de otra área" not in dashboard


def test_the_import_page_takes_files_as_large_as_the_api_does(
    api: TestClient, make: Factory, settings: Settings
) -> None:
    settings.max_upload_mb, settings.import_max_mb = 1, 3
    token = sign_in(api, person(make, "secretariat"))
    larger_than_evidence = check(api, token, b"x" * (2 * 1024 * 1024))
    assert larger_than_evidence.status_code == 422  # read and checked, not refused by size
    huge = {"Content-Length": str(500 * 1024 * 1024)}
    refused = api.post("/importar", content=b"--xyz", headers=huge)
    assert refused.status_code == 413
    assert "El archivo pasa de 3 MB" in refused.text
