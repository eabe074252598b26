"""Invitation links: only admins make them, they work once, for seven days, for an active
person, and a newer link or a deactivation ends them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow.directory import invitations, people
from workflow.directory.credentials import user_for_password
from workflow.engine.errors import Invalid, NotFound, NotPermitted
from workflow.runtime.clock import Clock


def test_only_admins_make_links(make: Factory, session: Session, clock: Clock) -> None:
    member = make.person("member")
    secretariat = make.person("secretariat")
    with pytest.raises(NotPermitted):
        invitations.issue(
            session=session, actor=secretariat.actor, user_id=member.user.id, now=clock.now()
        )


def test_a_link_works_once_and_until_it_expires(
    make: Factory, session: Session, clock: Clock
) -> None:
    member = make.person("member")
    now = clock.now()
    issued = invitations.issue(session=session, actor=ADMIN, user_id=member.user.id, now=now)
    last = now + invitations.LIFETIME - timedelta(seconds=1)
    assert invitations.find(session=session, secret=issued.secret, now=last) is not None
    assert (
        invitations.find(session=session, secret=issued.secret, now=now + invitations.LIFETIME)
        is None
    )
    with pytest.raises(Invalid, match="no coinciden"):
        invitations.accept(
            session=session, secret=issued.secret, password="clave-larga", repeated="x", now=now
        )
    user = invitations.accept(
        session=session,
        secret=issued.secret,
        password="clave-larga",
        repeated="clave-larga",
        now=now,
    )
    assert user.password_hash
    with pytest.raises(NotFound):
        invitations.accept(
            session=session,
            secret=issued.secret,
            password="otra-clave",
            repeated="otra-clave",
            now=now,
        )


def test_deactivation_ends_a_pending_link_for_good(
    make: Factory, session: Session, clock: Clock
) -> None:
    member = make.person("member")
    now = clock.now()
    issued = invitations.issue(session=session, actor=ADMIN, user_id=member.user.id, now=now)
    people.set_active(session=session, actor=ADMIN, user_id=member.user.id, active=False, now=now)
    assert invitations.find(session=session, secret=issued.secret, now=now) is None
    with pytest.raises(Invalid, match="desactivada"):
        invitations.issue(session=session, actor=ADMIN, user_id=member.user.id, now=now)
    people.set_active(session=session, actor=ADMIN, user_id=member.user.id, active=True, now=now)
    assert invitations.find(session=session, secret=issued.secret, now=now) is None


def test_changing_ones_own_password_needs_the_current_one(
    make: Factory, session: Session, clock: Clock
) -> None:
    member = make.person("member", password="clave-de-antes")
    with pytest.raises(Invalid, match="actual"):
        people.change_own_password(
            session=session,
            actor=member.actor,
            current="no-es",
            new="clave-nueva-1",
            repeated="clave-nueva-1",
            now=clock.now(),
        )
    user = people.change_own_password(
        session=session,
        actor=member.actor,
        current="clave-de-antes",
        new="clave-nueva-1",
        repeated="clave-nueva-1",
        now=clock.now(),
    )
    assert (
        user_for_password(session=session, email=user.email, password="clave-nueva-1") is not None
    )
