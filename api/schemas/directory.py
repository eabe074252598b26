"""Organs, areas, users and tokens."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, EmailStr, Field

from api.schemas.common import Strict
from workflow.models import Area, Organ, User

Code = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.\-]+$")


class OrganCreate(Strict):
    code: str = Code
    name: str = Field(min_length=1, max_length=300)
    valid_from: date | None = None
    valid_until: date | None = None


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
    code: str = Code
    name: str = Field(min_length=1, max_length=300)


class AreaRead(BaseModel):
    id: int
    code: str
    name: str

    @classmethod
    def of(cls, area: Area) -> AreaRead:
        return cls(id=area.id, code=area.code, name=area.name)


class UserCreate(Strict):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    role: str
    area: str | None = None
    password: str | None = Field(default=None, min_length=8, max_length=200)


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
