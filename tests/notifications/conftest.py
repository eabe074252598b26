"""Real receivers for notification tests: an SMTP server and a Teams webhook endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from tests.mailserver import Mailbox, TeamsReceiver, smtp_server, teams_receiver
from workflow.runtime.db import session_factory
from workflow.runtime.settings import Settings


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def teams() -> Iterator[TeamsReceiver]:
    with teams_receiver() as receiver:
        yield receiver


@pytest.fixture
def mail_settings(settings: Settings, mailbox: Mailbox) -> Settings:
    return settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": mailbox.port, "smtp_timeout": 5.0}
    )


@pytest.fixture
def factory(connection: Connection) -> sessionmaker[Session]:
    """Units of work inside the test's transaction, as the dispatcher opens them."""
    return session_factory(connection)
