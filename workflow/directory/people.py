"""Managing people (SPEC §4): edit name, e-mail, role, area and `active`; set a password.

Deactivating a person ends every way in: their API tokens are revoked in the same transaction,
and their page sessions end at once (`web_sessions.end_sessions`). Tokens are not given
back on re-activation: the person signs in again or is given a new token.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from states.roles import PERSON_ROLES, Role
from workflow.directory.catalogue import areas_by_codes, get_user
from workflow.directory.credentials import change_password, user_for_password
from workflow.directory.email_address import normalise_email
from workflow.directory.web_sessions import end_sessions
from workflow.engine.actors import Actor, require_admin
from workflow.engine.errors import Conflict, Invalid, NotFound
from workflow.models import ApiToken, Invitation, User
from workflow.reports import calendar_feed

EDITABLE = frozenset({"name", "email", "role", "area", "active"})
NAME_MAX = 200
PASSWORD_MIN = 8
PASSWORD_MAX = 200


def user_by_email(*, session: Session, email: str) -> User:
    """The person with this e-mail (any case); `NotFound` names the address."""
    wanted = email.strip().lower()
    user = session.scalar(select(User).where(User.email == wanted))
    if user is None:
        raise NotFound(f"No existe una persona usuaria con el correo «{wanted[:254]}».")
    return user


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise Invalid(f"«{field}» debe ser texto.", field=field)
    return value


def check_role(role: str) -> Role:
    if role not in {r.value for r in PERSON_ROLES}:
        raise Invalid(
            f"Rol «{role[:40]}» desconocido; roles: {', '.join(r.value for r in PERSON_ROLES)}.",
            field="role",
        )
    return Role(role)


def update_user(
    *, session: Session, actor: Actor, user_id: int, changes: Mapping[str, Any], now: datetime
) -> User:
    """Apply an admin's edit; every field is checked before anything changes."""
    require_admin(actor)
    user = get_user(session=session, user_id=user_id)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise Invalid(f"No se puede editar {', '.join(unknown)}.", field=unknown[0])

    name = user.name
    if "name" in changes:
        name = _text(changes["name"], "name").strip()
        if not name or len(name) > NAME_MAX:
            raise Invalid(f"El nombre debe tener de 1 a {NAME_MAX} caracteres.", field="name")
    email = user.email
    if "email" in changes:
        email = normalise_email(_text(changes["email"], "email"))
        taken = session.scalar(select(User.id).where(User.email == email, User.id != user.id))
        if taken is not None:
            raise Conflict(f"Ya existe una persona usuaria con el correo {email}.", field="email")
    role = check_role(_text(changes["role"], "role")) if "role" in changes else Role(user.role)
    area_id = user.area_id
    if "area" in changes:
        code = changes["area"]
        area_id = (
            areas_by_codes(session=session, codes=[_text(code, "area")])[0].id
            if code is not None
            else None
        )
    if role == Role.area and area_id is None:
        raise Invalid("Una persona con rol «area» necesita un área («area»).", field="area")
    active = user.active
    if "active" in changes:
        if not isinstance(changes["active"], bool):
            raise Invalid("«active» debe ser true o false.", field="active")
        active = changes["active"]
    _keep_an_admin(session=session, user=user, role=role, active=active)

    deactivated = user.active and not active
    user.name, user.email, user.role, user.area_id, user.active = name, email, role, area_id, active
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another request took the address between our check and our write.
        raise Conflict(
            f"Ya existe una persona usuaria con el correo {email}.", field="email"
        ) from None
    session.expire(user, ["area"])
    if deactivated:
        end_access(session=session, user=user, now=now)
    return user


def set_active(
    *, session: Session, actor: Actor, user_id: int, active: bool, now: datetime
) -> User:
    """Activate or deactivate a person (deactivating revokes their tokens)."""
    return update_user(
        session=session, actor=actor, user_id=user_id, changes={"active": active}, now=now
    )


def set_password(*, session: Session, actor: Actor, user_id: int, password: str) -> User:
    """An administrator sets a person's password (e.g. a reset); their sessions end."""
    require_admin(actor)
    user = get_user(session=session, user_id=user_id)
    check_password(password)
    change_password(session=session, user=user, password=password)
    return user


def change_own_password(
    *, session: Session, actor: Actor, current: str, new: str, repeated: str, now: datetime
) -> User:
    """A person changes their own password, proving the current one; every session of theirs
    ends and the tokens obtained with the old password are revoked (`auth.change_password`)."""
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None or not user.active:
        raise NotFound("La persona usuaria ya no existe o está desactivada.")
    if user_for_password(session=session, email=user.email, password=current) is None:
        raise Invalid("La contraseña actual no es correcta.", field="current")
    check_password(new)
    if new != repeated:
        raise Invalid("Las dos contraseñas nuevas no coinciden.", field="repeated")
    change_password(session=session, user=user, password=new, at=now)
    return user


def check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise Invalid(
            f"La contraseña es demasiado corta: use al menos {PASSWORD_MIN} caracteres.",
            field="password",
        )
    if len(password) > PASSWORD_MAX:
        raise Invalid(
            f"La contraseña es demasiado larga: use como máximo {PASSWORD_MAX} caracteres.",
            field="password",
        )


def end_access(*, session: Session, user: User, now: datetime) -> int:
    """Revoke every live token, invitation link and the calendar feed of `user` and end their
    sessions; returns the tokens revoked."""
    revoked = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    end_sessions(session=session, user_id=user.id, at=now)
    session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    calendar_feed.revoke(session=session, user=user, at=now)  # not revived on reactivation
    return int(getattr(revoked, "rowcount", 0) or 0)


def _keep_an_admin(*, session: Session, user: User, role: Role, active: bool) -> None:
    """Refuse the edit that would leave no active administrator (no one could manage people)."""
    if user.role != Role.admin or not user.active or (role == Role.admin and active):
        return
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.admin, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise Conflict(
            "Es la última persona administradora activa: nombre antes a otra persona "
            "administradora.",
            field="active" if not active else "role",
        )
