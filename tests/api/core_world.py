"""What the core API tests share: a small world of people and items, and error assertions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import Factory, Person
from workflow.models import (
    Activity,
    Agreement,
    ApiToken,
    Area,
    Base,
    Convenio,
    DomainEvent,
    Meeting,
    Minutes,
    Transition,
    Update,
)


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """An error answer of SPEC §4: the status, `{"detail": <Spanish sentence>, "code", ...}`,
    as RFC 9457 problem details."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.headers
    body: dict[str, Any] = response.json()
    assert (body["type"], body["status"]) == ("about:blank", status), body
    assert body["title"] and body["instance"] == response.request.url.path, body
    assert body["code"] == code, body
    detail = body["detail"]
    assert isinstance(detail, str) and " " in detail and detail.endswith("."), body
    return body


@dataclass
class World:
    """Two areas, one person of each role, a meeting and one item of each kind."""

    own: Area
    other: Area
    admin: Person
    secretariat: Person
    own_head: Person
    other_head: Person
    member: Person
    meeting: Meeting
    later_meeting: Meeting
    agreement: Agreement
    convenio: Convenio
    activity: Activity
    admin_token: int
    """The id of the token the admin was created with."""

    @classmethod
    def build(cls, make: Factory) -> World:
        own, other = make.area("UTVOE"), make.area("DEOEYG")
        meeting = make.meeting(day=date(2024, 4, 26), number=4)
        convenio = make.convenio([own], title="Convenio con la UNAM")
        admin = make.person("admin")
        admin_token = make.session.scalar(
            select(ApiToken.id).where(ApiToken.user_id == admin.user.id)
        )
        assert admin_token is not None
        return cls(
            own=own,
            other=other,
            admin=admin,
            secretariat=make.person("secretariat"),
            own_head=make.person("area", own),
            other_head=make.person("area", other),
            member=make.person("member"),
            meeting=meeting,
            later_meeting=make.meeting(day=date(2024, 5, 24), number=5),
            agreement=make.agreement([own], meeting=meeting, deadline=date(2024, 5, 20)),
            convenio=convenio,
            activity=make.activity(own, convenio=convenio, due_date=date(2024, 6, 30)),
            admin_token=admin_token,
        )


def agreement_url(world: World) -> str:
    return f"/api/v1/agreements/{world.agreement.id}"


ITEM_MODELS: dict[str, Any] = {
    "agreements": Agreement,
    "convenios": Convenio,
    "activities": Activity,
}


def snapshot(session: Session, model: Any, item_id: int) -> dict[str, Any]:
    """Everything a refused request must leave as it was: the row and the item's history
    (a directory row or a token has no history: only its row)."""
    row = session.execute(select(model.__table__).where(model.__table__.c.id == item_id)).one()
    if model is not Minutes and not hasattr(model, "kind"):
        return {"row": dict(row._mapping)}
    kind = "minutes" if model is Minutes else model.kind

    def count(m: Any) -> int:
        return (
            session.scalar(
                select(func.count()).select_from(m).where(m.item_kind == kind, m.item_id == item_id)
            )
            or 0
        )

    return {
        "row": dict(row._mapping),
        "transitions": count(Transition),
        "events": count(DomainEvent),
        "updates": count(Update),
    }


def table_counts(session: Session, *models: Any) -> dict[str, int]:
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in models
    }


def database_state(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: what a refused request must leave alone."""
    session.expire_all()
    return {
        table.name: sorted(
            (tuple(row) for row in session.execute(select(table))), key=lambda r: repr(r)
        )
        for table in Base.metadata.sorted_tables
    }
