"""The edit pages of acuerdos, convenios and activities, and `/convenios/nuevo`: what is saved
shows in the timeline old → new; CSRF, role, the stale version and every problem next to its
field are checked by the server, and a refused form keeps what was typed and saves nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.core_world import snapshot
from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow.models import Activity, Agreement, Convenio


def agreement_form(token: str, item: Agreement, **typed: Any) -> dict[str, Any]:
    codes = [a.code for a in item.areas]
    return {
        "csrf_token": token,
        "version": str(item.version),
        "title": item.title,
        "text": item.text,
        "agenda_item": str(item.agenda_item_id or ""),
        "lead": codes[0],
        "co": codes[1:],
        **typed,
    }


def convenio_form(token: str, **typed: Any) -> dict[str, Any]:
    return {
        "csrf_token": token,
        "title": "Convenio con la UNAM",
        "kind": "general",
        "parent": "",
        "counterparts": "UNAM",
        "object": "",
        "organ": "",
        "url": "",
        **typed,
    }


def test_secretariat_edits_an_acuerdo_and_the_timeline_says_what_changed(
    api: TestClient, make: Factory
) -> None:
    lead, other = make.area(), make.area()
    agreement = make.agreement([lead], title="Presentar el informe")
    token = sign_in(api, person(make, "secretariat"))
    detail = api.get(f"/acuerdos/{agreement.id}").text
    assert f'href="/acuerdos/{agreement.id}/editar"' in detail
    page = api.get(f"/acuerdos/{agreement.id}/editar")
    assert page.status_code == 200
    assert 'value="Presentar el informe"' in page.text and "Reprogramar plazo" in page.text
    point = agreement.meeting.agenda[0]
    r = api.post(
        f"/acuerdos/{agreement.id}/editar",
        data=agreement_form(
            token,
            agreement,
            title="Presentar el informe final",
            co=[other.code],
            agenda_item=str(point.id),
            relevant="1",
        ),
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/acuerdos/{agreement.id}"
    make.session.refresh(agreement)
    assert agreement.title == "Presentar el informe final" and agreement.relevant
    assert [a.code for a in agreement.areas] == [lead.code, other.code]
    assert agreement.agenda_item_id == point.id and agreement.deadline == date(2024, 5, 20)
    after = api.get(r.headers["location"]).text
    assert "Se guardaron los cambios" in after
    said = "Persona secretariat cambió Título, Punto del orden del día, Áreas y Tema relevante"
    assert said in after
    assert "«Presentar el informe» → «Presentar el informe final»" in after
    assert f"«{lead.code}» → «{lead.code}, {other.code}»" in after


def test_saving_the_form_unchanged_records_nothing(api: TestClient, make: Factory) -> None:
    agreement = make.agreement([make.area()])
    token = sign_in(api, person(make, "secretariat"))
    r = api.post(f"/acuerdos/{agreement.id}/editar", data=agreement_form(token, agreement))
    assert r.status_code == 200 and "No había cambios" in r.text
    make.session.refresh(agreement)
    assert agreement.version == 1


def test_edit_pages_refuse_without_csrf_and_to_area_people_and_send_anonymous_to_login(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    agreement = make.agreement([area])
    convenio = make.convenio([area])
    activity = make.activity(area)
    pages = [
        (f"/acuerdos/{agreement.id}/editar", Agreement, agreement.id),
        (f"/convenios/{convenio.id}/editar", Convenio, convenio.id),
        (f"/actividades/{activity.id}/editar", Activity, activity.id),
    ]
    for path, _, _ in [*pages, ("/convenios/nuevo", None, None)]:
        r = api.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    token = sign_in(api, person(make, "area", area))
    assert "/editar" not in api.get(f"/acuerdos/{agreement.id}").text
    assert "/convenios/nuevo" not in api.get("/convenios").text
    for path, model, item_id in pages:
        before = snapshot(make.session, model, item_id)
        assert api.get(path).status_code == 403, path
        r = api.post(path, data={"csrf_token": token, "title": "Otro", "version": "1"})
        assert r.status_code == 403 and "secretaría técnica" in r.text, path
        assert snapshot(make.session, model, item_id) == before
    assert api.post("/convenios/nuevo", data=convenio_form(token)).status_code == 403
    api.cookies.clear()
    sign_in(api, person(make, "secretariat"))
    for path, model, item_id in pages:
        before = snapshot(make.session, model, item_id)
        for data in ({"title": "Otro", "version": "1"}, {"csrf_token": "x", "title": "Otro"}):
            r = api.post(path, data=data)
            assert r.status_code == 403 and "código de seguridad" in r.text, path
        assert snapshot(make.session, model, item_id) == before
    r = api.post("/convenios/nuevo", data={**convenio_form("falso")})
    assert r.status_code == 403
    assert make.session.scalars(select(Convenio.id)).all() == [convenio.id]


def test_a_stale_form_comes_back_with_what_was_typed(api: TestClient, make: Factory) -> None:
    area = make.area()
    agreement = make.agreement([area], title="Original")
    activity = make.activity(area, title="Taller")
    secretariat = person(make, "secretariat")
    token = sign_in(api, secretariat)
    seen = agreement_form(token, agreement)
    api.patch(
        f"/api/v1/agreements/{agreement.id}",
        json={"title": "Cambiado por otra persona"},
        headers=secretariat.headers,
    )
    r = api.post(f"/acuerdos/{agreement.id}/editar", data={**seen, "title": "Lo que yo escribí"})
    assert r.status_code == 412
    assert "Otra persona lo modificó" in r.text and 'value="Lo que yo escribí"' in r.text
    assert 'name="version" value="2"' in r.text  # saving again applies it knowingly
    make.session.refresh(agreement)
    assert agreement.title == "Cambiado por otra persona"
    r = api.post(
        f"/actividades/{activity.id}/editar",
        data={"csrf_token": token, "version": "7", "title": "Taller nuevo", "area": area.code},
    )
    assert r.status_code == 412 and 'value="Taller nuevo"' in r.text
    make.session.refresh(activity)
    assert activity.title == "Taller"


def test_acuerdo_problems_are_shown_next_to_their_fields_and_nothing_is_saved(
    api: TestClient, make: Factory
) -> None:
    agreement = make.agreement([make.area()], title="Original")
    other_meeting = make.meeting()
    token = sign_in(api, person(make, "secretariat"))
    before = snapshot(make.session, Agreement, agreement.id)
    r = api.post(
        f"/acuerdos/{agreement.id}/editar",
        data=agreement_form(
            token,
            agreement,
            title="",
            text="Texto que se conserva",
            lead="NOEXISTE",
            co=["TAMPOCO"],
            agenda_item=str(other_meeting.agenda[0].id),
        ),
    )
    assert r.status_code == 422
    for field in ("title", "lead", "co", "agenda_item"):
        assert f'id="err-{field}"' in r.text, field
    assert ">Texto que se conserva</textarea>" in r.text
    assert snapshot(make.session, Agreement, agreement.id) == before
    r = api.post(
        f"/acuerdos/{agreement.id}/editar",
        data={k: v for k, v in agreement_form(token, agreement).items() if k != "version"},
    )
    assert r.status_code == 422 and "versión" in r.text


def test_a_convenio_edit_refuses_itself_or_its_annex_as_parent(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    general = make.convenio([area], counterparts=["UNAM"])
    annex = make.convenio([area], kind="anexo", parent=general.id, title="Anexo técnico")
    token = sign_in(api, person(make, "secretariat"))
    page = api.get(f"/convenios/{general.id}/editar").text
    assert "Registrar suscripción" in page and 'name="signed_on"' not in page
    base = convenio_form(token, version=str(general.version), title=general.title, lead=area.code)
    before = snapshot(make.session, Convenio, general.id)
    for parent in (general.id, annex.id):
        r = api.post(f"/convenios/{general.id}/editar", data={**base, "parent": str(parent)})
        assert r.status_code == 422 and 'id="err-parent"' in r.text, parent
        assert "no puede depender de sí mismo" in r.text
        assert snapshot(make.session, Convenio, general.id) == before
    r = api.post(
        f"/convenios/{annex.id}/editar",
        data={**base, "version": str(annex.version), "kind": "anexo", "parent": ""},
    )
    assert r.status_code == 422 and 'id="err-parent"' in r.text
    r = api.post(
        f"/convenios/{general.id}/editar",
        data={**base, "counterparts": "UNAM\n\n  IPN  \n", "co": []},
        follow_redirects=False,
    )
    assert r.status_code == 303
    make.session.refresh(general)
    assert [c.name for c in general.counterparts] == ["UNAM", "IPN"]
    shown = api.get(f"/convenios/{general.id}").text
    assert "cambió Contrapartes: «UNAM» → «UNAM, IPN»" in shown


def test_convenios_nuevo_registers_a_convenio_as_the_api_does(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    general = make.convenio([area])
    token = sign_in(api, person(make, "secretariat"))
    assert 'href="/convenios/nuevo"' in api.get("/convenios").text
    assert api.get("/convenios/nuevo").status_code == 200
    refused = api.post(
        "/convenios/nuevo",
        data=convenio_form(token, title="", kind="anexo", lead="", url="ftp://x"),
    )
    assert refused.status_code == 422
    for field in ("title", "parent", "lead", "url"):
        assert f'id="err-{field}"' in refused.text, field
    assert make.session.scalars(select(Convenio.id)).all() == [general.id]
    r = api.post(
        "/convenios/nuevo",
        data=convenio_form(
            token,
            kind="anexo",
            parent=str(general.id),
            counterparts="UNAM\nIPN",
            lead=area.code,
            object="Colaborar en la difusión.",
            relevant="1",
        ),
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    created = make.session.scalars(select(Convenio).where(Convenio.id != general.id)).one()
    assert r.headers["location"] == f"/convenios/{created.id}"
    assert (created.convenio_kind, created.parent_id, created.state) == (
        "anexo",
        general.id,
        "drafting",
    )
    assert [c.name for c in created.counterparts] == ["UNAM", "IPN"] and created.relevant
    assert "Se registró el convenio" in api.get(r.headers["location"]).text
    taken = api.post("/convenios/nuevo", data=convenio_form(token, lead=area.code, key=created.key))
    assert taken.status_code == 409 and 'id="err-key"' in taken.text


def test_secretariat_edits_an_activity_in_the_form_it_was_registered_with(
    api: TestClient, make: Factory
) -> None:
    first, second = make.area(), make.area()
    activity = make.activity(first, title="Taller", due_date=date(2024, 6, 30))
    token = sign_in(api, person(make, "secretariat"))
    page = api.get(f"/actividades/{activity.id}/editar").text
    assert 'value="2024-06-30"' in page and 'name="convenio"' not in page
    base = {"csrf_token": token, "version": "1", "title": "Taller", "area": first.code}
    before = snapshot(make.session, Activity, activity.id)
    r = api.post(
        f"/actividades/{activity.id}/editar",
        data={**base, "title": "", "area": "NOEXISTE", "due_date": "31/02/2024"},
    )
    assert r.status_code == 422
    for field in ("title", "area", "due_date"):
        assert f'id="err-{field}"' in r.text, field
    assert snapshot(make.session, Activity, activity.id) == before
    r = api.post(
        f"/actividades/{activity.id}/editar",
        data={**base, "area": second.code, "due_date": "2024-07-15"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    make.session.refresh(activity)
    assert (activity.area.code, activity.due_date) == (second.code, date(2024, 7, 15))
    shown = api.get(f"/actividades/{activity.id}").text
    assert "cambió Área responsable y Fecha compromiso" in shown
    assert "Fecha compromiso: «30 jun 2024» → «15 jul 2024»" in shown


def test_hostile_edit_forms_get_an_answer_and_change_nothing(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    agreement = make.agreement([area])
    convenio = make.convenio([area])
    token = sign_in(api, person(make, "secretariat"))
    long = "x" * 30000
    hostile: list[tuple[str, Any, int, dict[str, Any]]] = [
        (f"/acuerdos/{agreement.id}/editar", Agreement, agreement.id, {"title": long}),
        (f"/acuerdos/{agreement.id}/editar", Agreement, agreement.id, {"agenda_item": "9" * 30}),
        (f"/acuerdos/{agreement.id}/editar", Agreement, agreement.id, {"co": ["Ñ"] * 500}),
        (f"/acuerdos/{agreement.id}/editar", Agreement, agreement.id, {"version": "9" * 40}),
        (f"/convenios/{convenio.id}/editar", Convenio, convenio.id, {"parent": "-1"}),
        (f"/convenios/{convenio.id}/editar", Convenio, convenio.id, {"kind": "\x00"}),
        (f"/convenios/{convenio.id}/editar", Convenio, convenio.id, {"url": "javascript:x"}),
        (
            f"/convenios/{convenio.id}/editar",
            Convenio,
            convenio.id,
            {"counterparts": "\n".join(["C"] * 60)},
        ),
    ]
    for path, model, item_id, typed in hostile:
        before = snapshot(make.session, model, item_id)
        base = (
            agreement_form(token, agreement)
            if model is Agreement
            else convenio_form(token, version="1", lead=area.code)
        )
        r = api.post(path, data={**base, **typed})
        assert 400 <= r.status_code < 500 and 'role="alert"' in r.text, (path, typed)
        assert snapshot(make.session, model, item_id) == before
    assert api.get("/acuerdos/99999999/editar").status_code == 404
    assert api.get("/convenios/abc/editar").status_code in (404, 422)
