"""Events read as sentences a secretariat would write, and each open state names who acts next."""

from datetime import date

import pytest

from states import LIFECYCLES, Role
from states.sentences import SECRETARIAT, sentence, subject


def test_an_area_reporting_fulfilment_reads_as_a_sentence() -> None:
    text = sentence(
        LIFECYCLES["agreement"],
        "report_fulfillment",
        who=subject(Role.area, "UTVOE"),
        on=date(2024, 5, 9),
    )
    assert text == "La UTVOE informó el cumplimiento el 9 de mayo de 2024."


def test_admins_and_the_secretariat_act_as_the_secretariat() -> None:
    assert subject(Role.admin, None) == SECRETARIAT
    assert subject(Role.secretariat, "UTVOE") == SECRETARIAT


def test_a_scheduled_expiry_has_no_person_as_subject() -> None:
    text = sentence(LIFECYCLES["convenio"], "expire", who=SECRETARIAT, on=date(2024, 12, 31))
    assert text == "La vigencia del convenio venció el 31 de diciembre de 2024."


@pytest.mark.parametrize("name", sorted(LIFECYCLES))
def test_every_event_has_a_sentence_without_its_label(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    for event in lifecycle.events:
        assert event.said, f"{name}.{event.name} has no sentence"
        text = sentence(lifecycle, event.name, who="La UTVOE", on=date(2024, 5, 9))
        assert event.label not in text and "{" not in text and text.endswith(".")


def test_under_review_waits_on_the_secretariat_and_open_work_on_the_area() -> None:
    agreement = LIFECYCLES["agreement"]
    assert agreement.waiting_on("under_review") == Role.secretariat
    assert agreement.waiting_on("in_progress") == Role.area
    assert agreement.waiting_on("fulfilled") is None
    assert agreement.states_waiting_on(Role.area) == ["approved", "in_progress"]
    assert LIFECYCLES["convenio"].waiting_on("in_force") is None


@pytest.mark.parametrize("name", sorted(LIFECYCLES))
def test_waits_on_names_only_open_states(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    assert set(lifecycle.waits_on) <= set(lifecycle.open_states())
