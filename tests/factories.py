"""Small `create_*` helpers that make domain objects through the real workflow functions."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from states import Role
from workflow.directory import catalogue
from workflow.engine.actors import Actor
from workflow.items import activities, agreements, convenios, meetings
from workflow.models import Activity, Agreement, Area, Convenio, Meeting, Organ, User
from workflow.runtime.clock import Clock

ADMIN = Actor(role=Role.admin, user_id=None, area_id=None, label="Pruebas")
_seq = itertools.count(1)


@dataclass
class Person:
    user: User
    token: str
    actor: Actor

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Factory:
    session: Session
    clock: Clock
    _organ: Organ | None = field(default=None, init=False)

    @contextmanager
    def on(self, day: date) -> Iterator[Factory]:
        """What is made inside is registered on `day` (a report as of a later day shows it)."""
        kept, self.clock = self.clock, Clock.on(day, self.clock.tz)
        try:
            yield self
        finally:
            self.clock = kept

    def organ(self, code: str | None = None) -> Organ:
        if code is None and self._organ is not None:
            return self._organ
        organ = catalogue.create_organ(
            session=self.session,
            actor=ADMIN,
            code=code or f"ORG{next(_seq)}",
            name="Comisión de prueba",
        )
        if code is None:
            self._organ = organ
        return organ

    def area(self, code: str | None = None) -> Area:
        return catalogue.create_area(
            session=self.session,
            actor=ADMIN,
            code=code or f"AREA{next(_seq)}",
            name="Área de prueba",
        )

    def person(self, role: str, area: Area | None = None, password: str | None = None) -> Person:
        user, token = catalogue.create_user(
            session=self.session,
            actor=ADMIN,
            email=f"p{next(_seq)}@prueba.mx",
            name=f"Persona {role}",
            role=role,
            area=area.code if area else None,
            password=password,
        )
        return Person(user=user, token=token, actor=Actor.of(user))

    def meeting(self, day: date = date(2024, 4, 26), number: int | None = None) -> Meeting:
        return meetings.create(
            session=self.session,
            actor=ADMIN,
            organ=self.organ().code,
            kind="ordinaria",
            number=number or next(_seq) % 999 + 1,  # as a session form takes it: 1–999
            year=day.year,
            day=day,
            at=None,
            modality="virtual",
            agenda=[meetings.AgendaPoint("Aprobación del orden del día")],
        )

    def agreement(self, areas: list[Area], meeting: Meeting | None = None, **kw: Any) -> Agreement:
        kw.setdefault("deadline", date(2024, 5, 20))
        return agreements.create(
            session=self.session,
            actor=ADMIN,
            clock=self.clock,
            meeting_id=(meeting or self.meeting()).id,
            title=kw.pop("title", "Acuerdo de prueba"),
            areas=[a.code for a in areas],
            **kw,
        )

    def convenio(self, areas: list[Area], **kw: Any) -> Convenio:
        return convenios.create(
            session=self.session,
            actor=ADMIN,
            clock=self.clock,
            title=kw.pop("title", "Convenio de prueba"),
            kind=kw.pop("kind", "general"),
            counterparts=kw.pop("counterparts", ["Universidad"]),
            areas=[a.code for a in areas],
            **kw,
        )

    def activity(self, area: Area, convenio: Convenio | None = None, **kw: Any) -> Activity:
        if convenio is None:
            kw.setdefault("organ", self.organ().code)
        return activities.create(
            session=self.session,
            actor=ADMIN,
            clock=self.clock,
            title=kw.pop("title", "Actividad"),
            area=area.code,
            convenio=convenio.id if convenio else None,
            **kw,
        )
