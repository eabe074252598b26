"""Organs, areas, users and tokens."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, EmailStr, Field

from api.schemas.common import BoundedDate, Code, Line, Strict, Text
from workflow.models import Area, Organ, User


class OrganCreate(Strict):
    code: Code
    name: str = Line(300, min_length=1)
    valid_from: BoundedDate | None = None
    valid_until: BoundedDate | None = None


class OrganRead(BaseModel):
    id: int
    code: str
    name: str
    valid_from: date | None
    valid_until: date | None

    @classmethod
    def of(cls, organ: Organ) -> OrganRead:
        return cls(
            id=organ.id,
            code=organ.code,
            name=organ.name,
            valid_from=organ.valid_from,
            valid_until=organ.valid_until,
        )


class AreaCreate(Strict):
    code: Code
    name: str = Line(300, min_length=1)


class AreaRead(BaseModel):
    id: int
    code: str
    name: str

    @classmethod
    def of(cls, area: Area) -> AreaRead:
        return cls(id=area.id, code=area.code, name=area.name)


class UserCreate(Strict):
    email: EmailStr
    name: str = Line(200, min_length=1)
    role: str = Line(20)
    area: Code | None = None
    password: str | None = Text(200, min_length=8, default=None)


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


class UserCreated(UserRead):
    token: str = Field(description="Token personal de API; se muestra solo esta vez.")


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
