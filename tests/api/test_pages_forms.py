"""The forms of a detail page: exactly the allowed events, CSRF, area scope, stale versions,
avances with evidence, and text that people typed rendered as text."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.signin import person, sign_in
from tests.factories import ADMIN, Factory
from workflow.engine.fire import fire
from workflow.models import EvidenceFile, Transition, Update

EVENT_FORMS = re.compile(r'name="event" value="([a-z_]+)"')


def forms_on(html: str) -> set[str]:
    return set(EVENT_FORMS.findall(html))


def count(make: Factory, model: type, **where: object) -> int:
    stmt = select(func.count()).select_from(model).filter_by(**where)
    return make.session.scalar(stmt) or 0


def test_area_head_fires_exactly_the_events_offered(api: TestClient, make: Factory) -> None:
    area = make.area()
    head = person(make, "area", area)
    agreement = make.agreement([area])
    token = sign_in(api, head)
    page = api.get(f"/acuerdos/{agreement.id}")
    assert forms_on(page.text) == {"start", "report_fulfillment"}
    assert f'action="/acuerdos/{agreement.id}/avances"' in page.text
    r = api.post(
        f"/acuerdos/{agreement.id}/eventos",
        data={
            "csrf_token": token,
            "event": "report_fulfillment",
            "version": str(agreement.version),
            "note": "Se presentó el calendario en la sesión.",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/acuerdos/{agreement.id}"
    make.session.refresh(agreement)
    assert agreement.state == "under_review"
    after = api.get(r.headers["location"])
    assert "Se aplicó «Informar cumplimiento»" in after.text
    assert forms_on(after.text) == set()


def test_secretariat_is_offered_its_events(api: TestClient, make: Factory) -> None:
    area = make.area()
    agreement = make.agreement([area])
    sign_in(api, person(make, "secretariat"))
    page = api.get(f"/acuerdos/{agreement.id}").text
    assert forms_on(page) == {"start", "report_fulfillment", "reschedule", "cancel"}
    fire(
        session=make.session,
        item=agreement,
        event="report_fulfillment",
        actor=ADMIN,
        clock=make.clock,
        note="Hecho",
    )
    make.session.flush()
    assert forms_on(api.get(f"/acuerdos/{agreement.id}").text) == {"confirm", "reject", "cancel"}


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    head = person(make, "area", area)
    agreement = make.agreement([area])
    sign_in(api, head)
    for data in ({}, {"csrf_token": "falsificado"}):
        r = api.post(
            f"/acuerdos/{agreement.id}/eventos",
            data={**data, "event": "report_fulfillment", "note": "Listo"},
        )
        assert r.status_code == 403, r.text
        r = api.post(f"/acuerdos/{agreement.id}/avances", data={**data, "note": "Avance"})
        assert r.status_code == 403, r.text
    make.session.refresh(agreement)
    assert agreement.state == "approved" and agreement.version == 1
    assert count(make, Transition, item_kind="agreement", item_id=agreement.id) == 0
    assert count(make, Update, item_kind="agreement", item_id=agreement.id) == 0


def test_area_head_sees_no_form_on_another_areas_agreement_and_a_forged_post_is_refused(
    api: TestClient, make: Factory
) -> None:
    mine, other = make.area(), make.area()
    token = sign_in(api, person(make, "area", mine))
    agreement = make.agreement([other])
    page = api.get(f"/acuerdos/{agreement.id}")
    assert page.status_code == 200
    assert forms_on(page.text) == set() and "/avances" not in page.text
    r = api.post(
        f"/acuerdos/{agreement.id}/eventos",
        data={"csrf_token": token, "event": "start", "version": "1"},
    )
    assert r.status_code == 403 and "le corresponde" in r.text
    r = api.post(f"/acuerdos/{agreement.id}/avances", data={"csrf_token": token, "note": "x"})
    assert r.status_code == 403
    make.session.refresh(agreement)
    assert agreement.state == "approved" and agreement.version == 1
    assert count(make, Update, item_kind="agreement", item_id=agreement.id) == 0


def test_a_stale_form_says_so_and_keeps_what_was_typed(api: TestClient, make: Factory) -> None:
    area = make.area()
    agreement = make.agreement([area])
    token = sign_in(api, person(make, "area", area))
    seen = agreement.version
    fire(session=make.session, item=agreement, event="start", actor=ADMIN, clock=make.clock)
    make.session.flush()
    typed = "Entregamos el informe final con 12 anexos; falta la firma del titular."
    r = api.post(
        f"/acuerdos/{agreement.id}/eventos",
        data={
            "csrf_token": token,
            "event": "report_fulfillment",
            "version": str(seen),
            "note": typed,
        },
    )
    assert r.status_code == 412
    assert "cambió mientras usted lo editaba" in r.text
    assert "se conservó" in r.text
    assert f">{typed}</textarea>" in r.text
    assert f'name="version" value="{agreement.version}"' in r.text
    make.session.refresh(agreement)
    assert agreement.state == "in_progress"

    r = api.post(
        f"/acuerdos/{agreement.id}/avances",
        data={"csrf_token": token, "version": str(seen), "note": typed, "progress": "40"},
    )
    assert r.status_code == 412 and f">{typed}</textarea>" in r.text and 'value="40"' in r.text
    assert count(make, Update, item_kind="agreement", item_id=agreement.id) == 0


def test_a_missing_note_is_explained_and_nothing_changes(api: TestClient, make: Factory) -> None:
    area = make.area()
    agreement = make.agreement([area])
    token = sign_in(api, person(make, "secretariat"))
    r = api.post(
        f"/acuerdos/{agreement.id}/eventos",
        data={"csrf_token": token, "event": "reschedule", "deadline": "2024-07-01"},
    )
    assert r.status_code == 422 and "falta" in r.text
    assert 'value="2024-07-01"' in r.text
    make.session.refresh(agreement)
    assert str(agreement.deadline) == "2024-05-20"


def test_an_update_with_an_evidence_file(api: TestClient, make: Factory) -> None:
    area = make.area()
    agreement = make.agreement([area])
    token = sign_in(api, person(make, "area", area))
    pdf = b"%PDF-1.4\n% prueba\n"
    r = api.post(
        f"/acuerdos/{agreement.id}/avances",
        data={"csrf_token": token, "note": "Oficio enviado", "progress": "60", "version": "1"},
        files={"file": ("oficio.pdf", pdf, "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    make.session.refresh(agreement)
    assert agreement.progress == 60
    stored = make.session.scalars(select(EvidenceFile)).one()
    page = api.get(f"/acuerdos/{agreement.id}").text
    assert f'href="/archivos/{stored.id}"' in page and "Oficio enviado" in page
    download = api.get(f"/archivos/{stored.id}")
    assert download.content == pdf
    assert download.headers["content-disposition"].startswith("attachment")


def test_script_in_a_title_or_an_update_renders_inert(api: TestClient, make: Factory) -> None:
    area = make.area()
    evil = '<script>alert("x")</script>'
    agreement = make.agreement([area], title=f"Acuerdo {evil}", text=f"Texto {evil}")
    token = sign_in(api, person(make, "area", area))
    r = api.post(
        f"/acuerdos/{agreement.id}/avances",
        data={"csrf_token": token, "note": f'<img src=x onerror="alert(1)"> {evil}'},
    )
    assert r.status_code == 200, r.text
    for path in (f"/acuerdos/{agreement.id}", "/acuerdos", "/"):
        html = api.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html, path
    assert "&lt;img src=x onerror=" in api.get(f"/acuerdos/{agreement.id}").text


def test_convenio_and_activity_forms_use_their_own_lifecycles(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    convenio = make.convenio([area])
    activity = make.activity(area, convenio=convenio, title="Capacitación")
    token = sign_in(api, person(make, "area", area))
    assert forms_on(api.get(f"/convenios/{convenio.id}").text) == {"submit_review"}
    assert forms_on(api.get(f"/actividades/{activity.id}").text) == {"start", "complete"}
    r = api.post(
        f"/actividades/{activity.id}/eventos",
        data={"csrf_token": token, "event": "complete", "version": str(activity.version)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    make.session.refresh(activity)
    assert activity.state == "done" and activity.progress == 100
