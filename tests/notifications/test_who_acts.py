"""Messages that make the right person act: a reminder goes to whoever must act next, names
the item by its title, writes dates in Spanish and counts delay in business days; the weekly
digest lists what it counts and comes on its day; without a mail server no e-mail is queued."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from notifications import dispatcher, fanout
from notifications.channels import Outgoing, email
from tests.factories import Factory
from tests.mailserver import Mailbox
from tests.notifications.outbox_rows import deliveries
from tests.workflow.test_checks import signed_convenio
from workflow import checks
from workflow.engine.fire import fire
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

LONG_TITLE = (
    "Dar seguimiento a la Misión de Acompañamiento de la Organización de los Estados "
    "Americanos durante la jornada electoral"
)


def run_checks(session: Session, settings: Settings, day: date, clock: Clock) -> None:
    checks.run(session=session, clock=Clock.on(day, settings.tz), settings=settings)
    fanout.fan_out(session=session, settings=settings, clock=clock)


def mail_of(session: Session, kind: str) -> list[Delivery]:
    return deliveries(session, kind=kind, channel="email")


def test_an_acuerdo_under_review_reminds_the_secretariat_and_one_in_progress_its_area(
    make: Factory,
    session: Session,
    mail_settings: Settings,
    mailbox: Mailbox,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    area = make.area("UTVOE")
    head = make.person("area", area)
    secretariat = make.person("secretariat")
    working = make.agreement([area], deadline=date(2024, 6, 7), title="Presentar el calendario")
    fire(session=session, item=working, event="start", actor=head.actor, clock=clock)
    reported = make.agreement([area], deadline=date(2024, 6, 7), title="Entregar el informe")
    fire(
        session=session,
        item=reported,
        event="report_fulfillment",
        actor=head.actor,
        clock=clock,
        note="Se entregó el informe",
    )
    run_checks(session, mail_settings, date(2024, 6, 11), clock)
    dispatcher.run(factory=factory, settings=mail_settings, clock=clock)

    overdue = [m for m in mailbox.messages if "de atraso: " in m["Subject"]]
    to = {m["Subject"]: str(m["To"]) for m in overdue}
    assert to == {
        f"2 días hábiles de atraso: Presentar el calendario ({working.key})": (
            f"{head.user.name} <{head.user.email}>"
        ),
        f"2 días hábiles de atraso: Entregar el informe ({reported.key})": (
            f"{secretariat.user.name} <{secretariat.user.email}>"
        ),
    }, "the area is not told again to report what it reported; the secretariat reviews it"
    review = next(m for m in overdue if reported.key in m["Subject"])
    body = review.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "ya informó el cumplimiento: revise la evidencia" in body
    assert "informe el cumplimiento" not in body
    assert all(m["From"] == f"Seguimiento de acuerdos <{mail_settings.smtp_from}>" for m in overdue)


def test_subjects_name_the_item_by_its_title_and_dates_are_spanish(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    make.person("area", area)
    soon = make.agreement([area], deadline=date(2024, 6, 14), title=LONG_TITLE)
    run_checks(session, settings, date(2024, 6, 10), clock)
    (mail,) = mail_of(session, "agreement.due_soon")
    assert mail.subject == (
        "Vence el 14 de junio de 2024: Dar seguimiento a la Misión de Acompañamiento de la "
        f"Organización de… ({soon.key})"
    )
    assert "vence el 14 de junio de 2024" in mail.body_text
    assert "quedan 4 días hábiles" in mail.body_text
    assert LONG_TITLE in mail.body_text  # the facts carry the whole title
    for text in (mail.subject, mail.body_text, mail.body_html or ""):
        assert "2024-06-14" not in text

    late = make.agreement([area], deadline=date(2024, 6, 3), title="Presentar el calendario")
    run_checks(session, settings, date(2024, 6, 11), clock)
    (alert,) = [m for m in mail_of(session, "agreement.overdue") if m.item_id == late.id]
    assert alert.subject == f"6 días hábiles de atraso: Presentar el calendario ({late.key})"
    assert "venció el 3 de junio de 2024" in alert.body_text
    assert "lleva 6 días hábiles de atraso" in alert.body_text


def test_a_convenio_event_reads_as_a_sentence(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area("UTVOE")
    head = make.person("area", area)
    make.person("secretariat")
    convenio = make.convenio([area], title="Convenio con la UNAM", counterparts=["UNAM"])
    fire(session=session, item=convenio, event="submit_review", actor=head.actor, clock=clock)
    fanout.fan_out(session=session, settings=settings, clock=clock)
    (mail, *_) = mail_of(session, "convenio.submit_review")
    assert mail.subject == f"En revisión jurídica: Convenio con la UNAM ({convenio.key})"
    assert mail.body_text.startswith(
        "La UTVOE envió el convenio a revisión jurídica el 24 de mayo de 2024."
    )
    assert "Enviar a revisión jurídica" not in mail.body_text


def test_the_digest_counts_what_it_lists_and_comes_only_on_its_day(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    make.agreement([area], deadline=date(2024, 6, 7), title="Vencido uno")
    make.agreement([area], deadline=date(2024, 6, 13), title="Por vencer uno")
    make.agreement([area], deadline=date(2024, 9, 30), title="Lejano uno")
    make.agreement([area], deadline=None, title="Permanente uno")

    run_checks(session, settings, date(2024, 6, 11), clock)  # a Tuesday: not its day
    assert mail_of(session, "user.digest") == []

    run_checks(session, settings, date(2024, 6, 10), clock)  # Monday, the digest's day
    (digest,) = [d for d in mail_of(session, "user.digest") if d.user_id == head.user.id]
    assert digest.subject == "Resumen semanal de seguimiento al 10 de junio de 2024"
    assert "Tiene 4 asuntos abiertos: 1 vencido, 1 por vencer y 2 más." in digest.body_text
    listed = [line for line in digest.body_text.splitlines() if line.startswith("- ")]
    assert len(listed) == 4
    for title in ("Vencido uno", "Por vencer uno", "Lejano uno", "Permanente uno"):
        assert sum(title in line for line in listed) == 1


def test_without_a_mail_server_no_email_is_queued_but_the_inbox_is(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    off = settings.model_copy(update={"smtp_host": None})
    assert not off.email_on and "email" not in dispatcher.senders(off)
    area = make.area()
    make.person("area", area)
    make.agreement([area], deadline=date(2024, 6, 7))
    run_checks(session, off, date(2024, 6, 11), clock)
    channels = set(
        session.scalars(select(Delivery.channel).where(Delivery.kind.like("agreement.%")))
    )
    assert channels == {"inapp"}
    assert "SEGUIMIENTO_SMTP_HOST" in email.OFF


def test_the_sender_name_comes_from_settings(settings: Settings) -> None:
    named = settings.model_copy(
        update={"smtp_from": "avisos@iecm.mx", "smtp_from_name": "Comisión de Organización, IECM"}
    )
    message = email.build(
        Outgoing(
            id=1,
            channel="email",
            address="ana@iecm.mx",
            recipient_name="Ana",
            subject="Prueba",
            body_text="Hola",
            body_html=None,
            card=None,
            attempts=0,
        ),
        named,
    )
    assert message["From"].addresses[0].display_name == "Comisión de Organización, IECM"
    assert message["From"].addresses[0].addr_spec == "avisos@iecm.mx"


def test_a_convenio_whose_validity_ended_long_ago_reads_as_a_sentence_with_its_date(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    convenio = signed_convenio(make, date(2024, 6, 30))
    convenio.title = "Convenio con la UNAM"
    make.person("area", convenio.areas[0])
    fanout.fan_out(session=session, settings=settings, clock=clock)
    run_checks(session, settings, date(2025, 3, 3), clock)  # months later: the system expires it
    (mail, *_) = mail_of(session, "convenio.expire")
    assert mail.subject == f"Vencido: Convenio con la UNAM ({convenio.key})"
    assert mail.body_text.startswith("La vigencia del convenio venció el 30 de junio de 2024.")
    assert "Nota: La vigencia concluyó el 30 de junio de 2024." in mail.body_text
    assert "revisión programada" not in mail.body_text and "2024-06-30" not in mail.body_text
