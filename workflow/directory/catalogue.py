"""Organs, areas and people: create, list, look up by code; edit organs and areas."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from states.roles import PERSON_ROLES, Role
from workflow.directory import unit_fields
from workflow.directory.credentials import hash_password, issue_token
from workflow.directory.email_address import normalise_email
from workflow.engine.actors import Actor, require_admin, require_editor
from workflow.engine.errors import Conflict, Invalid, NotFound
from workflow.models import Area, Organ, User
from workflow.runtime.duplicates import refused_as

U = TypeVar("U", Organ, Area)


@dataclass(frozen=True)
class _Unit(Generic[U]):
    """An organ or an area, as the services below create, find and edit them alike."""

    model: type[U]
    the: str
    """«el órgano», «el área»: in sentences."""
    one: str
    """«un órgano», «un área»: in sentences."""
    fields: frozenset[str]
    """What an admin may edit (`unit_fields`)."""


_ORGAN = _Unit(Organ, "el órgano", "un órgano", unit_fields.ORGAN_FIELDS)
_AREA = _Unit(Area, "el área", "un área", unit_fields.AREA_FIELDS)


def list_organs(*, session: Session) -> Sequence[Organ]:
    return session.scalars(select(Organ).order_by(Organ.code)).all()


def list_areas(*, session: Session) -> Sequence[Area]:
    return session.scalars(select(Area).order_by(Area.code)).all()


def list_users(*, session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.email)).all()


def _by_code(session: Session, model: type[U], code: str) -> U | None:
    """An organ or area by its code, as people type it (any case, spaces around)."""
    if "\x00" in code:  # PostgreSQL refuses the query; no code holds one
        return None
    return session.scalar(select(model).where(func.upper(model.code) == code.strip().upper()))


def organ_by_code(*, session: Session, code: str) -> Organ:
    """The organ a body refers to (an unknown one is a 422 of that field)."""
    organ = _by_code(session, Organ, code)
    if organ is None:
        raise Invalid(f"No existe el órgano con clave «{code}».", field="organ")
    return organ


def areas_by_codes(*, session: Session, codes: Sequence[str]) -> list[Area]:
    """Resolve area codes in order (lead first); every unknown or repeated code is reported."""
    wanted = [c.strip().upper() for c in codes]
    if not wanted:
        raise Invalid("Indique al menos un área responsable.", field="areas")
    repeated = sorted({c for c in wanted if wanted.count(c) > 1})
    if repeated:
        raise Invalid(f"Área repetida: {', '.join(repeated)}.", field="areas")
    found = {
        a.code.upper(): a
        for a in session.scalars(select(Area).where(func.upper(Area.code).in_(wanted)))
    }
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise Invalid(
            f"No existe el área {', '.join(unknown)}; claves registradas: "
            + ", ".join(a.code for a in list_areas(session=session))
            + ".",
            field="areas",
        )
    return [found[c] for c in wanted]


def _create(
    session: Session,
    actor: Actor,
    unit: _Unit[U],
    code: str,
    columns: Mapping[str, Any],
    check: Callable[[], None] = lambda: None,
) -> U:
    """A new organ or area with a code no other has (any case); `check` runs once it is free."""
    require_editor(actor)
    code = code.strip().upper()
    taken = f"Ya existe {unit.one} con clave «{code}»."
    if session.scalar(select(unit.model.id).where(func.upper(unit.model.code) == code)):
        raise Conflict(taken, field="code")
    check()
    row = unit.model(code=code, **columns)
    with refused_as(session, lambda: Conflict(taken, field="code")):
        session.add(row)
        session.flush()
    return row


def create_organ(
    *,
    session: Session,
    actor: Actor,
    code: str,
    name: str,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Organ:
    def check() -> None:
        if valid_from and valid_until and valid_until < valid_from:
            raise Invalid("La vigencia del órgano termina antes de empezar.", field="valid_until")

    columns = {"name": name.strip(), "valid_from": valid_from, "valid_until": valid_until}
    return _create(session, actor, _ORGAN, code, columns, check)


def create_area(*, session: Session, actor: Actor, code: str, name: str) -> Area:
    return _create(session, actor, _AREA, code, {"name": name.strip()})


def create_user(
    *,
    session: Session,
    actor: Actor,
    email: str,
    name: str,
    role: str,
    area: str | None = None,
    password: str | None = None,
) -> tuple[User, str]:
    """Create a person and their first API token, returned in plain text this once."""
    require_admin(actor)
    if role not in {r.value for r in PERSON_ROLES}:
        raise Invalid(
            f"Rol «{role}» desconocido; roles: {', '.join(r.value for r in PERSON_ROLES)}.",
            field="role",
        )
    email = normalise_email(email)
    taken = f"Ya existe una persona usuaria con el correo {email}."
    if session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(taken, field="email")
    area_row = areas_by_codes(session=session, codes=[area])[0] if area else None
    if role == Role.area and area_row is None:
        raise Invalid("Una persona con rol «area» necesita un área («area»).", field="area")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        area_id=area_row.id if area_row else None,
        password_hash=hash_password(password) if password else None,
    )
    with refused_as(session, lambda: Conflict(taken, field="email")):
        session.add(user)
        session.flush()
    return user, issue_token(session=session, user=user)


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No existe la persona usuaria {user_id}.")
    return user


def _for_edit(session: Session, unit: _Unit[U], code: str) -> U:
    row = _by_code(session, unit.model, code)
    if row is None:
        raise NotFound(f"No existe {unit.the} con clave «{code[:32]}».")
    return row


def organ_for_edit(*, session: Session, code: str) -> Organ:
    """The organ a path names (an unknown one is a 404)."""
    return _for_edit(session, _ORGAN, code)


def area_for_edit(*, session: Session, code: str) -> Area:
    """The area a path names (an unknown one is a 404)."""
    return _for_edit(session, _AREA, code)


def _update(
    session: Session,
    actor: Actor,
    unit: _Unit[U],
    code: str,
    changes: Mapping[str, Any],
    allow_local_http: bool,
) -> U:
    require_admin(actor)
    row = _for_edit(session, unit, code)
    unit_fields.apply(row, changes, fields=unit.fields, allow_local_http=allow_local_http)
    session.flush()
    return row


def update_organ(
    *,
    session: Session,
    actor: Actor,
    code: str,
    changes: Mapping[str, Any],
    allow_local_http: bool = False,
) -> Organ:
    """An admin edits an organ's name, Teams webhook (null clears it) or standing agenda items."""
    return _update(session, actor, _ORGAN, code, changes, allow_local_http)


def update_area(
    *,
    session: Session,
    actor: Actor,
    code: str,
    changes: Mapping[str, Any],
    allow_local_http: bool = False,
) -> Area:
    """An admin edits an area's name or Teams webhook (null clears the webhook)."""
    return _update(session, actor, _AREA, code, changes, allow_local_http)
