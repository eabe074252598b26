"""Edits are history: each keeps who changed which field from what to what, the API's detail lists
them, edits recorded before old values were kept still read, and PATCH reaches every non-state
field (an acuerdo's agenda point, a convenio's kind, parent and organ) under the same rules."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.api.signin import person as page_person
from tests.api.signin import sign_in
from tests.factories import Factory
from workflow.models import DomainEvent


def test_an_agreement_detail_lists_its_edits_old_to_new(api: TestClient, make: Factory) -> None:
    lead, other = make.area(), make.area()
    agreement = make.agreement([lead], title="Primero")
    secretariat = make.person("secretariat")
    url = f"/api/v1/agreements/{agreement.id}"
    r = api.patch(
        url,
        json={"title": "Segundo", "areas": [lead.code, other.code], "relevant": True},
        headers=secretariat.headers,
    )
    assert r.status_code == 200, r.text
    (edit,) = r.json()["edits"]
    assert edit["by"] == secretariat.user.name and edit["at"]
    assert edit["changes"] == {
        "title": {"from": "Primero", "to": "Segundo"},
        "areas": {"from": [lead.code], "to": [lead.code, other.code]},
        "relevant": {"from": False, "to": True},
    }
    assert r.json()["transitions"] == [] and r.json()["version"] == 2


def test_a_patch_that_changes_nothing_records_nothing(api: TestClient, make: Factory) -> None:
    agreement = make.agreement([make.area()], title="Igual")
    r = api.patch(
        f"/api/v1/agreements/{agreement.id}",
        json={"title": "Igual"},
        headers=make.person("secretariat").headers,
    )
    assert r.status_code == 200 and r.json()["edits"] == [] and r.json()["version"] == 1


def test_activity_and_convenio_edits_keep_dates_codes_and_names(
    api: TestClient, make: Factory
) -> None:
    first, second = make.area(), make.area()
    headers = make.person("secretariat").headers
    activity = make.activity(first, due_date=date(2024, 6, 30))
    r = api.patch(
        f"/api/v1/activities/{activity.id}",
        json={"area": second.code, "due_date": "2024-07-15"},
        headers=headers,
    )
    assert r.json()["edits"][0]["changes"] == {
        "area": {"from": first.code, "to": second.code},
        "due_date": {"from": "2024-06-30", "to": "2024-07-15"},
    }
    general = make.convenio([first], counterparts=["UNAM"])
    annex = make.convenio([first], title="Anexo")
    r = api.patch(
        f"/api/v1/convenios/{annex.id}",
        json={"counterparts": ["UNAM", "IPN"], "kind": "anexo", "parent": general.id},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["kind"], r.json()["parent"]) == ("anexo", general.id)
    assert r.json()["edits"][0]["changes"] == {
        "counterparts": {"from": ["Universidad"], "to": ["UNAM", "IPN"]},
        "kind": {"from": "general", "to": "anexo"},
        "parent": {"from": None, "to": general.key},
    }


def test_an_agenda_point_of_another_session_or_a_cyclic_parent_is_refused(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    headers = make.person("secretariat").headers
    agreement = make.agreement([area])
    other = make.meeting()
    r = api.patch(
        f"/api/v1/agreements/{agreement.id}",
        json={"agenda_item": other.agenda[0].id},
        headers=headers,
    )
    assert r.status_code == 422 and "no es de la sesión" in r.json()["detail"]
    point = agreement.meeting.agenda[0]
    r = api.patch(
        f"/api/v1/agreements/{agreement.id}", json={"agenda_item": point.id}, headers=headers
    )
    assert r.json()["agenda_item"] == point.id
    assert r.json()["edits"][0]["changes"]["agenda_item"]["to"].endswith("orden del día")

    parent = make.convenio([area])
    child = make.convenio([area], kind="anexo", parent=parent.id)
    for body in ({"parent": child.id}, {"parent": parent.id}):
        r = api.patch(f"/api/v1/convenios/{parent.id}", json=body, headers=headers)
        assert r.status_code == 422 and "no puede depender" in r.json()["detail"]
    r = api.patch(f"/api/v1/convenios/{child.id}", json={"parent": None}, headers=headers)
    assert r.status_code == 422 and "necesita su convenio padre" in r.json()["detail"]
    r = api.patch(f"/api/v1/convenios/{child.id}", json={"kind": "otro"}, headers=headers)
    assert r.status_code == 422 and "desconocido" in r.json()["detail"]


def test_edits_recorded_with_only_the_new_value_still_read(api: TestClient, make: Factory) -> None:
    """Edits made before old values were kept (and those of imports) carry only the new one."""
    agreement = make.agreement([make.area()])
    person = make.person("secretariat")
    make.session.add(
        DomainEvent(
            name="agreement.edited",
            item_kind="agreement",
            item_id=agreement.id,
            payload={"changes": {"title": "Antes de guardar el valor previo"}},
            actor_id=person.user.id,
            created_at=make.clock.now(),
        )
    )
    make.session.flush()
    r = api.get(f"/api/v1/agreements/{agreement.id}", headers=person.headers)
    assert r.json()["edits"] == [
        {
            "by": person.user.name,
            "at": r.json()["edits"][0]["at"],
            "changes": {"title": {"from": None, "to": "Antes de guardar el valor previo"}},
        }
    ]
    sign_in(api, page_person(make, "member"))
    timeline = api.get(f"/acuerdos/{agreement.id}").text
    assert f"{person.user.name} cambió Título: «Antes de guardar el valor previo»" in timeline
