"""Organs, areas, users and tokens."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, StrictBool

from api.schemas.common import BoundedDate, Code, Line, ListOf, Strict, Text
from workflow.directory import unit_fields
from workflow.models import ApiToken, Area, Organ, User

without_secret = unit_fields.without_signature


class UnitUpdate(Strict):
    """An organ's or area's editable fields; only those sent change."""

    name: str | None = Line(300, min_length=1, default=None)
    teams_webhook_url: str | None = Field(
        default=None,
        max_length=1000,
        description="Dirección https de un webhook de Teams (Workflows); null la quita.",
    )


StandingItem = Annotated[str, Line(1000, min_length=1)]


class OrganUpdate(UnitUpdate):
    """An organ's editable fields: an area's, plus its standing agenda items."""

    standing_items: list[StandingItem] | None = Field(
        default=None,
        max_length=30,
        description="Puntos fijos del orden del día de cada sesión ordinaria; [] los quita.",
    )


class AreaCreate(Strict):
    code: Code
    name: str = Line(300, min_length=1)


class OrganCreate(AreaCreate):
    valid_from: BoundedDate | None = None
    valid_until: BoundedDate | None = None


class _UnitRead(BaseModel):
    """What an organ and an area both show."""

    id: int
    code: str
    name: str
    teams_webhook: str | None = Field(
        description="Webhook de Teams configurado, sin su firma (la parte después de «?»)."
    )

    @staticmethod
    def _shown(unit: Organ | Area) -> dict[str, Any]:
        return {
            "id": unit.id,
            "code": unit.code,
            "name": unit.name,
            "teams_webhook": without_secret(unit.teams_webhook_url),
        }


class OrganRead(_UnitRead):
    valid_from: date | None
    valid_until: date | None
    standing_items: list[str] = Field(
        description="Puntos fijos del orden del día de cada sesión ordinaria."
    )

    @classmethod
    def of(cls, organ: Organ) -> OrganRead:
        return cls(
            **cls._shown(organ),
            valid_from=organ.valid_from,
            valid_until=organ.valid_until,
            standing_items=list(organ.standing_items or []),
        )


class AreaRead(_UnitRead):
    @classmethod
    def of(cls, area: Area) -> AreaRead:
        return cls(**cls._shown(area))


class UserCreate(Strict):
    email: str = Line(
        320,
        min_length=1,
        description="Dirección que un servidor SMTP pueda recibir (ASCII antes de la arroba).",
    )
    name: str = Line(200, min_length=1)
    role: str = Line(20)
    area: Code | None = None
    password: str | None = Text(200, min_length=8, default=None)


class UserUpdate(Strict):
    """What an admin may change of a person; only the fields sent change."""

    name: str | None = Line(200, min_length=1, default=None)
    email: str | None = Line(320, min_length=1, default=None)
    role: str | None = Line(20, default=None, description="admin, secretariat, area o member")
    area: Code | None = Field(
        default=None, description="Clave del área, o null para ninguna (el rol area necesita una)."
    )
    active: StrictBool | None = Field(
        default=None, description="false desactiva a la persona y revoca sus tokens."
    )


class UserRead(BaseModel):
    id: int
    email: str
    name: str
    role: str
    area: str | None
    active: bool

    @classmethod
    def of(cls, user: User) -> UserRead:
        return cls(
            id=user.id,
            email=user.email,
            name=user.name,
            role=user.role,
            area=user.area.code if user.area else None,
            active=user.active,
        )


class InvitationCreated(BaseModel):
    """A link with which the person sets their password; e-mailed to them, shown this once."""

    url: str
    expires_at: datetime


class UserCreated(UserRead):
    token: str = Field(description="Token personal de API; se muestra solo esta vez.")


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day_or_moment(value: Any) -> Any:
    """`"2025-01-31"` is a day (valid through it), `"2025-01-31T18:00-06:00"` a moment.

    Parsed here because, left to the union, a JSON day string became midnight of that day.
    """
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if _DAY.match(value) else datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("no es una fecha (AAAA-MM-DD) ni una fecha y hora (AAAA-MM-DDTHH:MM) válida")


class PersonalTokenCreate(Strict):
    label: str = Line(100, min_length=1)
    expires_at: Annotated[datetime | date | None, BeforeValidator(_day_or_moment)] = Field(
        default=None,
        description=(
            "Caducidad: una fecha (vale hasta el final de ese día, hora de la institución) o "
            "una fecha y hora; futura y a lo más dos años. Sin ella, el token no caduca."
        ),
    )


class PersonalTokenRead(BaseModel):
    """A token as its owner sees it: never the secret."""

    id: int
    label: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revoked: bool
    expired: bool

    @classmethod
    def of(cls, row: ApiToken, now: datetime) -> PersonalTokenRead:
        return cls(
            id=row.id,
            label=row.label,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            revoked=row.revoked_at is not None,
            expired=row.expires_at is not None and row.expires_at <= now,
        )


class PersonalTokenCreated(PersonalTokenRead):
    token: str = Field(description="El token; se muestra solo esta vez.")


class PersonalTokenList(ListOf[PersonalTokenRead]):
    pass
