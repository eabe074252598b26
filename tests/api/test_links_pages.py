"""Links between items in the pages: the secretariat links an acuerdo to a convenio or an activity
from the acuerdo's page and removes the link; both sides show it; the forms keep CSRF, role,
stale-version and validation rules; the acuerdo shows its point of the order of the day."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow.models import Activity, Agreement, AgreementLink, Convenio


def links_of(make: Factory, agreement: Agreement) -> set[tuple[int | None, int | None]]:
    rows = make.session.execute(
        select(AgreementLink.convenio_id, AgreementLink.activity_id).where(
            AgreementLink.agreement_id == agreement.id
        )
    )
    return {(c, a) for c, a in rows}


def world(make: Factory) -> tuple[Agreement, Convenio, Activity]:
    area = make.area()
    convenio = make.convenio([area], title="Convenio con el INE")
    activity = make.activity(area, convenio=convenio, title="Capacitar a la red")
    return make.agreement([area], title="Informar a la comisión"), convenio, activity


def post(
    api: TestClient, agreement: Agreement, token: str, target: str, *, remove: bool = False
) -> Response:
    path = f"/acuerdos/{agreement.id}/vinculos" + ("/quitar" if remove else "")
    return api.post(
        path,
        data={"csrf_token": token, "version": str(agreement.version), "target": target},
        follow_redirects=False,
    )


def test_the_secretariat_links_and_unlinks_and_both_sides_show_it(
    api: TestClient, make: Factory
) -> None:
    agreement, convenio, activity = world(make)
    token = sign_in(api, person(make, "secretariat"))
    page = api.get(f"/acuerdos/{agreement.id}").text
    assert "Vinculado con" in page and "no está vinculado con convenios ni actividades" in page
    assert f'value="convenio:{convenio.id}"' in page and f'value="activity:{activity.id}"' in page
    assert f'label="Actividades · Convenio {convenio.key}"' in page

    r = post(api, agreement, token, f"convenio:{convenio.id}")
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/acuerdos/{agreement.id}#vinculos"
    page = api.get(f"/acuerdos/{agreement.id}").text
    assert f"Se vinculó {agreement.key} con el convenio {convenio.key}." in page
    assert f'href="/convenios/{convenio.id}"><span class="key">{convenio.key}</span>' in page
    assert f'value="convenio:{convenio.id}"' in page, "its remove button"
    assert f'<option value="convenio:{convenio.id}"' not in page, "not offered twice"

    make.session.refresh(agreement)
    assert post(api, agreement, token, f"activity:{activity.id}").status_code == 303
    assert links_of(make, agreement) == {(convenio.id, None), (None, activity.id)}
    convenio_page = api.get(f"/convenios/{convenio.id}").text
    assert "Acuerdos relacionados" in convenio_page
    assert convenio_page.count(f'href="/acuerdos/{agreement.id}"') == 2
    assert f'por la actividad <a href="/actividades/{activity.id}">{activity.key}</a>' in (
        convenio_page
    )
    activity_page = api.get(f"/actividades/{activity.id}").text
    assert "Acuerdos relacionados" in activity_page
    assert f'href="/acuerdos/{agreement.id}"><span class="key">{agreement.key}</span>' in (
        activity_page
    )

    make.session.refresh(agreement)
    r = post(api, agreement, token, f"activity:{activity.id}", remove=True)
    assert r.status_code == 303
    assert links_of(make, agreement) == {(convenio.id, None)}
    assert f"Se quitó el vínculo de {agreement.key} con la actividad {activity.key}." in (
        api.get(f"/acuerdos/{agreement.id}").text
    )
    assert "Ningún acuerdo está vinculado con esta actividad" in (
        api.get(f"/actividades/{activity.id}").text
    )


def test_a_post_without_csrf_token_is_refused_and_links_nothing(
    api: TestClient, make: Factory
) -> None:
    agreement, convenio, _ = world(make)
    sign_in(api, person(make, "secretariat"))
    for token in ("", "falsificado"):
        assert post(api, agreement, token, f"convenio:{convenio.id}").status_code == 403
    assert links_of(make, agreement) == set()


def test_an_area_person_sees_no_form_and_a_forged_post_is_refused(
    api: TestClient, make: Factory
) -> None:
    agreement, convenio, _ = world(make)
    make.session.add(AgreementLink(agreement_id=agreement.id, convenio_id=convenio.id))
    make.session.flush()
    head = person(make, "area", agreement.areas[0])
    token = sign_in(api, head)
    page = api.get(f"/acuerdos/{agreement.id}").text
    assert "Vinculado con" in page and convenio.key in page, "the link is shown to everyone"
    assert "/vinculos" not in page
    r = post(api, agreement, token, f"convenio:{convenio.id}", remove=True)
    assert r.status_code == 403 and "secretaría técnica" in r.text
    make.session.expire_all()
    assert links_of(make, agreement) == {(convenio.id, None)}
    assert agreement.version == 1


def test_a_stale_form_is_refused_and_shown_again_with_the_choice_kept(
    api: TestClient, make: Factory
) -> None:
    agreement, _, activity = world(make)
    token = sign_in(api, person(make, "secretariat"))
    seen = agreement.version
    agreement.title = "Cambiado por otra persona"
    make.session.flush()
    r = api.post(
        f"/acuerdos/{agreement.id}/vinculos",
        data={"csrf_token": token, "version": str(seen), "target": f"activity:{activity.id}"},
    )
    assert r.status_code == 412 and "cambió mientras usted lo editaba" in r.text
    assert f'<option value="activity:{activity.id}" selected>' in r.text
    assert 'id="err-vinculo"' in r.text
    assert links_of(make, agreement) == set()


@pytest.mark.parametrize(
    ("target", "status", "words"),
    [
        ("", 422, "Elija un convenio o una actividad"),
        ("acuerdo:1", 422, "Elija un convenio o una actividad"),
        ("convenio:abc", 422, "Elija un convenio o una actividad"),
        ("convenio:99999999999", 422, "Elija un convenio o una actividad"),
        ("convenio:-1", 422, "Elija un convenio o una actividad"),
        ("convenio:999999", 422, "No existe el convenio con id 999999"),
        ("activity:999999", 422, "No existe la actividad con id 999999"),
    ],
)
def test_a_bad_choice_is_refused_with_a_sentence_and_links_nothing(
    api: TestClient, make: Factory, target: str, status: int, words: str
) -> None:
    agreement, _, _ = world(make)
    token = sign_in(api, person(make, "secretariat"))
    r = api.post(
        f"/acuerdos/{agreement.id}/vinculos",
        data={"csrf_token": token, "version": str(agreement.version), "target": target},
    )
    assert r.status_code == status and words in r.text
    assert links_of(make, agreement) == set()


def test_linking_twice_or_removing_what_is_not_linked_says_so(
    api: TestClient, make: Factory
) -> None:
    agreement, convenio, activity = world(make)
    token = sign_in(api, person(make, "secretariat"))
    assert post(api, agreement, token, f"convenio:{convenio.id}").status_code == 303
    make.session.refresh(agreement)
    r = post(api, agreement, token, f"convenio:{convenio.id}")
    assert r.status_code == 409 and "ya está vinculado" in r.text
    r = post(api, agreement, token, f"activity:{activity.id}", remove=True)
    assert r.status_code == 422 and "no está vinculado" in r.text
    count = make.session.scalar(select(func.count()).select_from(AgreementLink))
    assert count == 1


def test_the_acuerdo_shows_its_point_of_the_order_of_the_day(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    meeting = make.meeting(day=date(2024, 4, 26))
    point = meeting.agenda[0]
    agreement = make.agreement([area], meeting=meeting, agenda_item_id=point.id)
    sign_in(api, person(make, "member"))
    page = api.get(f"/acuerdos/{agreement.id}").text
    assert (
        f'Punto 1 del orden del día de la sesión <a href="/sesiones/{meeting.id}">{meeting.key}</a>'
        ": Aprobación del orden del día"
    ) in page
    assert "/vinculos" not in page, "a member reads the links but does not change them"
