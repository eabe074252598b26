"""What the pages show: the dashboard, lists with filters and pages, convenios with their plan,
sessions with their agenda and report link, and the lifecycle diagram with the current state."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.api.signin import person, sign_in
from tests.factories import ADMIN, Factory
from workflow.engine import progress
from workflow.engine.fire import fire
from workflow.models import Delivery


def test_dashboard_shows_relevant_topics_counts_overdue_and_areas(
    api: TestClient, make: Factory
) -> None:
    utvoe, deoeyg = make.area("UTVOE"), make.area("DEOEYG")
    relevant = make.agreement([utvoe], title="Tema relevante abierto", relevant=True)
    make.agreement([deoeyg], title="Acuerdo vencido", deadline=date(2024, 1, 10))
    done = make.agreement([utvoe], title="Acuerdo cumplido", deadline=None)
    for event in ("report_fulfillment", "confirm"):
        fire(session=make.session, item=done, event=event, actor=ADMIN, clock=make.clock, note="ok")
    make.session.flush()
    sign_in(api, person(make, "member"))
    html = api.get("/").text
    assert "Temas relevantes en proceso de cumplimiento" in html
    assert f'href="/acuerdos/{relevant.id}"' in html
    assert "Acuerdo vencido" in html and "acuerdos vencidos" in html
    assert "Avance por área responsable" in html and "UTVOE" in html and "DEOEYG" in html
    assert 'href="/acuerdos?estado=fulfilled"' in html


def test_dashboard_links_the_sessions_follow_up_report(api: TestClient, make: Factory) -> None:
    meeting = make.meeting()
    sign_in(api, person(make, "secretariat"))
    assert f'href="/sesiones/{meeting.id}/seguimiento"' in api.get("/").text


def test_agreement_list_filters_searches_and_pages(api: TestClient, make: Factory) -> None:
    a, b = make.area(), make.area()
    meeting = make.meeting()
    for n in range(30):
        make.agreement([a if n % 2 else b], meeting=meeting, title=f"Acuerdo número {n:02d}")
    make.agreement([a], meeting=meeting, title="Directorio de universidades")
    sign_in(api, person(make, "member"))
    first = api.get("/acuerdos").text
    assert "1–25 de 31 acuerdos" in first and "Página 1 de 2" in first
    second = api.get("/acuerdos?pagina=2").text
    assert "26–31 de 31 acuerdos" in second and "Directorio de universidades" in second
    found = api.get("/acuerdos?q=universidades").text
    assert "1–1 de 1 acuerdo<" in found and "Directorio de universidades" in found
    by_area = api.get(f"/acuerdos?area={a.code}&pagina=1").text
    assert "de 16 acuerdos" in by_area
    assert "Ningún acuerdo" in api.get("/acuerdos?estado=fulfilled").text
    assert api.get("/acuerdos?estado=inventado").status_code == 422


def test_convenio_page_shows_counterparts_validity_annexes_and_plan(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    convenio = make.convenio(
        [area], title="Convenio general INE-IECM", counterparts=["Instituto Nacional Electoral"]
    )
    annex = make.convenio([area], title="Anexo técnico", kind="anexo", parent=convenio.id)
    first = make.activity(area, convenio=convenio, title="Capacitación", due_date=date(2024, 6, 1))
    make.activity(area, convenio=convenio, title="Simulacro", due_date=date(2099, 1, 1))
    progress.record_update(
        session=make.session, actor=ADMIN, clock=make.clock, item=first, note="Mitad", progress=50
    )
    make.session.flush()
    sign_in(api, person(make, "member"))
    html = api.get(f"/convenios/{convenio.id}").text
    assert "Instituto Nacional Electoral" in html
    assert f'href="/convenios/{annex.id}"' in html and "Anexo técnico" in html
    assert "Avance del plan: 25 %" in html and "2 actividades" in html
    assert f'href="/actividades/{first.id}"' in html and "1 vencida<" in html
    assert "Sin definir" in html  # not signed yet
    listing = api.get("/convenios?q=INE").text
    assert "Convenio general INE-IECM" in listing and "Instituto Nacional Electoral" in listing
    assert convenio.key in api.get(f"/actividades/{first.id}").text


def test_the_list_and_the_page_show_one_progress_rolled_up_over_the_annexes(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    general = make.convenio([area], title="Convenio General de prueba")
    financial = make.convenio(
        [area], title="Anexo Financiero número uno", kind="anexo", parent=general.id
    )
    addendum = make.convenio([area], title="Adenda al anexo", kind="adenda", parent=financial.id)
    own = make.activity(area, convenio=general, title="Capacitación")
    annexed = make.activity(area, convenio=addendum, title="Pago de la segunda ministración")
    dropped = make.activity(area, convenio=financial, title="Cancelada")
    for item, value in ((own, 20), (annexed, 60)):
        progress.record_update(
            session=make.session,
            actor=ADMIN,
            clock=make.clock,
            item=item,
            note="Avance",
            progress=value,
        )
    fire(
        session=make.session, item=dropped, event="cancel", actor=ADMIN, clock=make.clock, note="x"
    )
    make.session.flush()
    sign_in(api, person(make, "member"))

    page = api.get(f"/convenios/{general.id}").text
    assert "Avance del plan: 40 %" in page, "20 % and 60 %; the cancelled one does not count"
    assert "3 actividades con las de sus anexos" in page
    assert "promedio de 2 actividades, con las de sus anexos" in page
    listing = api.get("/convenios?q=prueba").text
    row = listing[listing.index("Convenio General de prueba") :]
    assert '<span class="progress-text">40 %</span>' in row[: row.index("</tr>")]
    annex_page = api.get(f"/convenios/{financial.id}").text
    assert "Avance del plan: 60 %" in annex_page
    assert "Anexo técnico" not in annex_page and "<dd>Anexo del" in annex_page


def test_meeting_page_shows_agenda_agreements_and_report_link(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    meeting = make.meeting()
    agreement = make.agreement([area], meeting=meeting, title="Aprobado en esta sesión")
    sign_in(api, person(make, "member"))
    assert meeting.key in api.get("/sesiones").text
    html = api.get(f"/sesiones/{meeting.id}").text
    assert "Aprobación del orden del día" in html
    assert f'href="/acuerdos/{agreement.id}"' in html
    assert f'href="/sesiones/{meeting.id}/seguimiento"' in html


def test_detail_draws_the_lifecycle_with_the_current_state_marked(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    agreement = make.agreement([area])
    fire(session=make.session, item=agreement, event="start", actor=ADMIN, clock=make.clock)
    make.session.flush()
    sign_in(api, person(make, "member"))
    html = api.get(f"/acuerdos/{agreement.id}").text
    assert "<svg" in html and "estado actual: En proceso" in html
    assert html.count("node-current") == 1
    assert "Iniciar atención: Aprobado → En proceso" in html  # the timeline


def test_notifications_page_lists_the_inbox_and_marks_it_read(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    head = person(make, "area", area)
    agreement = make.agreement([area])
    make.session.add(
        Delivery(
            key=f"prueba-{agreement.id}",
            channel="inapp",
            user_id=head.user.id,
            address=str(head.user.id),
            kind="overdue",
            item_kind="agreement",
            item_id=agreement.id,
            subject=f"Acuerdo vencido: {agreement.key}",
            body_text="El plazo venció el 20 de mayo de 2024.",
            next_attempt_at=make.clock.now(),
            status="sent",
        )
    )
    make.session.flush()
    token = sign_in(api, head)
    html = api.get("/notificaciones").text
    assert f"Acuerdo vencido: {agreement.key}" in html and "1 sin leer" in html
    assert f'href="/acuerdos/{agreement.id}"' in html
    assert 'class="count"' in api.get("/").text
    assert api.post("/notificaciones/leidas", data={}).status_code == 403
    r = api.post("/notificaciones/leidas", data={"csrf_token": token})
    assert r.status_code == 200 and "Todas leídas" in r.text
