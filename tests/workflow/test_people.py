"""Managing people and their tokens as services: edits, deactivation, passwords, expiry, and
the e-mail addresses an SMTP server can take."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from tests.workflow.fresh import FreshDatabase, open_fresh
from workflow.directory import catalogue, people, tokens
from workflow.directory.credentials import user_for_password, user_for_token
from workflow.directory.email_address import normalise_email
from workflow.engine.actors import Actor
from workflow.engine.errors import Conflict, Invalid, NotFound, NotPermitted
from workflow.models import ApiToken, User
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work

NOW = datetime(2024, 5, 24, 18, tzinfo=UTC)
OVER_254 = "a" * 64 + "@" + "b" * 62 + "." + "c" * 62 + "." + "d" * 61 + ".mx"
assert len(OVER_254) == 255


def live(session: Session, token: str, now: datetime = NOW) -> User | None:
    return user_for_token(session=session, token=token, now=now)


# --- e-mail addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Juan.Perez@IECM.mx", "juan.perez@iecm.mx"),
        ("  enlace+utvoe@iecm.org.mx ", "enlace+utvoe@iecm.org.mx"),
        ("buzon@Bücher.de", "buzon@xn--bcher-kva.de"),
    ],
)
def test_addresses_are_stored_in_the_lower_case_ascii_form(given: str, stored: str) -> None:
    assert normalise_email(given) == stored


@pytest.mark.parametrize(
    "address",
    [
        "josé@iecm.mx",
        '"juan perez"@iecm.mx',
        "Juan Pérez <juan@iecm.mx>",
        "juan@[127.0.0.1]",
        "juan@localhost",
        "juan@iecm.mx\r\nBcc: todos@iecm.mx",
        "sin-arroba",
        OVER_254,
        "x" * 65 + "@iecm.mx",
        "",
    ],
    ids=[
        "non-ascii-local",
        "quoted-local",
        "display-name",
        "ip-literal",
        "no-dot-domain",
        "header-injection",
        "no-at",
        "over-254",
        "local-over-64",
        "empty",
    ],
)
def test_addresses_an_smtp_server_cannot_take_are_refused_in_spanish(
    session: Session, address: str
) -> None:
    with pytest.raises(Invalid) as refused:
        catalogue.create_user(
            session=session, actor=ADMIN, email=address, name="Nueva", role="member"
        )
    assert "correo" in refused.value.detail and refused.value.extra["field"] == "email"
    assert session.scalar(select(User.id).where(User.name == "Nueva")) is None


def test_the_same_address_in_another_case_is_a_duplicate(make: Factory, session: Session) -> None:
    make.person("member")
    catalogue.create_user(
        session=session, actor=ADMIN, email="Dup@IECM.mx", name="Uno", role="member"
    )
    with pytest.raises(Conflict):
        catalogue.create_user(
            session=session, actor=ADMIN, email=" dup@iecm.MX", name="Dos", role="member"
        )


# --- editing people ------------------------------------------------------------------------------


def test_admin_changes_name_role_area_and_email_at_once(make: Factory, session: Session) -> None:
    own = make.area("UTVOE")
    person = make.person("member")
    user = people.update_user(
        session=session,
        actor=ADMIN,
        user_id=person.user.id,
        changes={"name": " Enlace ", "role": "area", "area": "utvoe", "email": "Enlace@IECM.mx"},
        now=NOW,
    )
    assert (user.name, user.role, user.area, user.email) == (
        "Enlace",
        "area",
        own,
        "enlace@iecm.mx",
    )
    assert live(session, person.token) is user, "an edit keeps the person's tokens"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": "area"}, "area"),
        ({"role": "jefe"}, "role"),
        ({"role": "system"}, "role"),
        ({"area": "NOEXISTE"}, "areas"),
        ({"name": "  "}, "name"),
        ({"email": "josé@iecm.mx"}, "email"),
        ({"active": None}, "active"),
        ({"password_hash": "x"}, "password_hash"),
    ],
)
def test_a_refused_edit_changes_nothing(
    make: Factory, session: Session, changes: dict[str, object], field: str
) -> None:
    person = make.person("member")
    before = (person.user.name, person.user.role, person.user.area_id, person.user.email)
    with pytest.raises(Invalid) as refused:
        people.update_user(
            session=session, actor=ADMIN, user_id=person.user.id, changes=changes, now=NOW
        )
    assert refused.value.extra["field"] == field
    session.refresh(person.user)
    assert (person.user.name, person.user.role, person.user.area_id, person.user.email) == before


def test_an_area_head_keeps_an_area_and_loses_it_when_no_longer_area(
    make: Factory, session: Session
) -> None:
    own = make.area()
    head = make.person("area", own)
    with pytest.raises(Invalid):
        people.update_user(
            session=session, actor=ADMIN, user_id=head.user.id, changes={"area": None}, now=NOW
        )
    user = people.update_user(
        session=session,
        actor=ADMIN,
        user_id=head.user.id,
        changes={"role": "member", "area": None},
        now=NOW,
    )
    assert (user.role, user.area) == ("member", None)


def test_changing_to_an_email_in_use_is_a_conflict(make: Factory, session: Session) -> None:
    one, two = make.person("member"), make.person("member")
    with pytest.raises(Conflict):
        people.update_user(
            session=session,
            actor=ADMIN,
            user_id=two.user.id,
            changes={"email": one.user.email.upper()},
            now=NOW,
        )
    same = people.update_user(
        session=session,
        actor=ADMIN,
        user_id=one.user.id,
        changes={"email": one.user.email},
        now=NOW,
    )
    assert same is one.user


def test_only_admins_manage_people(make: Factory, session: Session) -> None:
    person = make.person("member")
    for role in ("secretariat", "area", "member"):
        actor = Actor.of(make.person(role, make.area() if role == "area" else None).user)
        with pytest.raises(NotPermitted):
            people.update_user(
                session=session,
                actor=actor,
                user_id=person.user.id,
                changes={"active": False},
                now=NOW,
            )
        with pytest.raises(NotPermitted):
            people.set_password(
                session=session, actor=actor, user_id=person.user.id, password="x" * 12
            )
    assert person.user.active


def test_an_unknown_person_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        people.update_user(session=session, actor=ADMIN, user_id=999_999, changes={}, now=NOW)
    with pytest.raises(NotFound) as missing:
        people.user_by_email(session=session, email="nadie@iecm.mx")
    assert "nadie@iecm.mx" in missing.value.detail


# --- deactivation and passwords ------------------------------------------------------------------


def test_deactivating_revokes_every_token_and_reactivating_does_not_revive_them(
    make: Factory, session: Session
) -> None:
    person = make.person("secretariat", password="una-clave-larga")
    second = tokens.create_own(
        session=session, actor=person.actor, clock=make.clock, label="script"
    )[1]
    bystander = make.person("secretariat")
    people.set_active(session=session, actor=ADMIN, user_id=person.user.id, active=False, now=NOW)
    assert live(session, person.token) is None and live(session, second) is None
    assert (
        user_for_password(session=session, email=person.user.email, password="una-clave-larga")
        is None
    )
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == person.user.id)).all()
    assert len(rows) == 2 and all(r.revoked_at == NOW for r in rows)
    assert live(session, bystander.token) is bystander.user

    people.set_active(session=session, actor=ADMIN, user_id=person.user.id, active=True, now=NOW)
    assert live(session, person.token) is None, "re-activation gives no token back"
    assert (
        user_for_password(session=session, email=person.user.email, password="una-clave-larga")
        is person.user
    )


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(
    make: Factory, session: Session
) -> None:
    for user in session.scalars(select(User).where(User.role == "admin")):
        user.active = False
    only = make.person("admin")
    for changes in ({"active": False}, {"role": "member"}):
        with pytest.raises(Conflict) as refused:
            people.update_user(
                session=session, actor=ADMIN, user_id=only.user.id, changes=changes, now=NOW
            )
        assert "última persona administradora" in refused.value.detail
    assert live(session, only.token) is only.user
    make.person("admin")
    people.set_active(session=session, actor=ADMIN, user_id=only.user.id, active=False, now=NOW)
    assert live(session, only.token) is None


def test_set_password_lets_the_person_sign_in_with_it_and_refuses_short_ones(
    make: Factory, session: Session
) -> None:
    person = make.person("member")
    with pytest.raises(Invalid) as short:
        people.set_password(session=session, actor=ADMIN, user_id=person.user.id, password="corta")
    assert "al menos 8 caracteres" in short.value.detail
    people.set_password(
        session=session, actor=ADMIN, user_id=person.user.id, password="otra-clave-larga"
    )
    assert (
        user_for_password(session=session, email=person.user.email, password="otra-clave-larga")
        is person.user
    )


# --- personal tokens -----------------------------------------------------------------------------


def test_a_token_stops_working_at_its_expiry(make: Factory, session: Session) -> None:
    person = make.person("member")
    clock = make.clock
    row, plain = tokens.create_own(
        session=session,
        actor=person.actor,
        clock=clock,
        label="corto",
        expires_at=date(2024, 5, 31),
    )
    end = datetime(2024, 6, 1, tzinfo=clock.tz).astimezone(UTC)
    assert row.expires_at == end, "a date means through the end of that day, institution time"
    assert live(session, plain, end - timedelta(seconds=1)) is person.user
    assert live(session, plain, end) is None


@pytest.mark.parametrize(
    ("when", "words"),
    [
        (date(2024, 5, 23), "ya pasó"),
        (datetime(2024, 5, 24, 11, 59), "ya pasó"),
        (datetime(2024, 5, 24, 17, 0, tzinfo=UTC), "ya pasó"),
        (date(2026, 5, 26), "dos años"),
        (date(9999, 12, 31), "dos años"),
        (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), "dos años"),
        (date(1, 1, 1), "ya pasó"),
    ],
)
def test_an_expiry_in_the_past_or_beyond_two_years_is_refused(
    make: Factory, session: Session, when: date | datetime, words: str
) -> None:
    person = make.person("member")
    count = len(tokens.list_own(session=session, actor=person.actor, limit=50, offset=0)[0])
    with pytest.raises(Invalid) as refused:
        tokens.create_own(
            session=session, actor=person.actor, clock=make.clock, label="x", expires_at=when
        )
    assert words in refused.value.detail and refused.value.extra["field"] == "expires_at"
    assert len(tokens.list_own(session=session, actor=person.actor, limit=50, offset=0)[0]) == count


def test_a_naive_datetime_is_read_in_the_institution_time_zone(
    make: Factory, session: Session
) -> None:
    clock = Clock.on(date(2024, 5, 24), make.clock.tz)
    until = tokens.expiry(when=datetime(2024, 6, 1, 9, 30), clock=clock)
    assert until == datetime(2024, 6, 1, 9, 30, tzinfo=clock.tz).astimezone(UTC)


def test_a_person_revokes_only_their_own_tokens(make: Factory, session: Session) -> None:
    one, two = make.person("member"), make.person("member")
    mine = session.scalar(select(ApiToken).where(ApiToken.user_id == one.user.id))
    assert mine is not None
    with pytest.raises(NotFound):
        tokens.revoke_own(session=session, actor=two.actor, token_id=mine.id, now=NOW)
    assert live(session, one.token) is one.user
    tokens.revoke_own(session=session, actor=one.actor, token_id=mine.id, now=NOW)
    assert live(session, one.token) is None
    again = tokens.revoke_own(session=session, actor=one.actor, token_id=mine.id, now=NOW)
    assert again.revoked_at == NOW


def test_the_terminal_has_no_tokens_of_its_own(session: Session, make: Factory) -> None:
    with pytest.raises(NotPermitted):
        tokens.create_own(session=session, actor=ADMIN, clock=make.clock, label="x")


# --- organs and areas ----------------------------------------------------------------------------


def test_admin_sets_and_clears_a_teams_webhook_and_renames(make: Factory, session: Session) -> None:
    area = make.area("UTVOE")
    url = "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual?sig=s3cr3t"
    catalogue.update_area(
        session=session,
        actor=ADMIN,
        code="utvoe",
        changes={"name": "Unidad Técnica", "teams_webhook_url": url},
    )
    assert (area.name, area.teams_webhook_url) == ("Unidad Técnica", url)
    catalogue.update_area(
        session=session, actor=ADMIN, code="UTVOE", changes={"teams_webhook_url": None}
    )
    assert area.teams_webhook_url is None and area.name == "Unidad Técnica"
    organ = make.organ("CPVOE")
    catalogue.update_organ(session=session, actor=ADMIN, code="CPVOE", changes={"name": "Comisión"})
    assert organ.name == "Comisión"


@pytest.mark.parametrize(
    "url",
    [
        "http://prod.logic.azure.com/workflows/abc",
        "https://",
        "https:///solo-ruta",
        "https://usuario:clave@prod.logic.azure.com/x",
        "https://prod.logic.azure.com/x y",
        "https://prod.logic.azure.com/\x00",
        "https://prod.logic.azure.com:99999/x",
        "javascript:alert(1)",
        "https://prod.logic.azure.com/" + "a" * 1000,
        "",
    ],
)
def test_a_webhook_that_is_not_plain_https_is_refused(
    make: Factory, session: Session, url: str
) -> None:
    area = make.area()
    with pytest.raises(Invalid) as refused:
        catalogue.update_area(
            session=session,
            actor=ADMIN,
            code=area.code,
            changes={"name": "Otro", "teams_webhook_url": url},
        )
    assert "https://" in refused.value.detail
    assert (area.name, area.teams_webhook_url) == ("Área de prueba", None)


def test_only_admins_edit_organs_and_areas(make: Factory, session: Session) -> None:
    area, organ = make.area(), make.organ()
    secretariat = make.person("secretariat").actor
    with pytest.raises(NotPermitted):
        catalogue.update_area(
            session=session, actor=secretariat, code=area.code, changes={"name": "x"}
        )
    with pytest.raises(NotPermitted):
        catalogue.update_organ(
            session=session, actor=secretariat, code=organ.code, changes={"name": "x"}
        )
    with pytest.raises(NotFound):
        catalogue.update_area(session=session, actor=ADMIN, code="NOEXISTE", changes={})


# --- two administrators at once ------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FreshDatabase]:
    yield from open_fresh(request.param, tmp_path)


def test_two_admins_giving_two_people_the_same_address_at_once_get_200_and_409(
    fresh: FreshDatabase,
) -> None:
    """The second waits for the first's row (or write lock), then is told 409, never a 500."""
    with fresh.setup() as make:
        one, two = make.person("member").user.id, make.person("member").user.id
    first = fresh.writers()
    people.update_user(
        session=first, actor=ADMIN, user_id=one, changes={"email": "mismo@iecm.mx"}, now=NOW
    )
    outcome: list[object] = []

    def second() -> None:
        try:
            with unit_of_work(fresh.writers) as s:
                people.update_user(
                    session=s, actor=ADMIN, user_id=two, changes={"email": "mismo@iecm.mx"}, now=NOW
                )
            outcome.append("saved")
        except Exception as exc:  # the outcome is the assertion
            outcome.append(exc)

    racer = threading.Thread(target=second)
    racer.start()
    racer.join(timeout=0.5)  # gives it the chance to block on the first; either way is correct
    first.commit()
    first.close()
    racer.join(timeout=60)
    assert not racer.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict), outcome
    with fresh.readers() as s:
        emails = s.scalars(select(User.email).where(User.id.in_([one, two]))).all()
    assert sorted(emails).count("mismo@iecm.mx") == 1
