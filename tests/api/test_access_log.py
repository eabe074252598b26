"""The calendar feed's secret is masked in every log line that names a path."""

from __future__ import annotations

import logging

import pytest

from api import access_log


@pytest.mark.parametrize("name", access_log.LOGGERS)
def test_log_lines_naming_the_feed_path_hide_its_secret(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    access_log.install()
    secret = "cal_AbC-123_xyz"
    with caplog.at_level(logging.INFO, logger=name):
        logging.getLogger(name).info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", f"/calendario/{secret}.ics", "1.1", 200
        )
    assert secret not in caplog.text and "/calendario/***" in caplog.text


def test_log_lines_naming_an_invitation_link_hide_its_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    access_log.install()
    secret = "inv_AbC-123_xyz"
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "POST", f"/invitacion/{secret}", "1.1", 303
        )
    assert secret not in caplog.text and "/invitacion/***" in caplog.text
