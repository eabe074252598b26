"""A person's deadlines as an iCalendar feed (RFC 5545), for Outlook or Google Calendar.

All-day events on the deadline; the UID is stable per item and date field, so when a deadline
moves the client moves the event instead of keeping a stale copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from states.kinds import page_of
from workflow.reports.deadlines import Deadline


def feed(
    deadlines: Sequence[Deadline], *, person: str, base_url: str, timezone: str, now: datetime
) -> bytes:
    host = urlsplit(base_url).hostname or "seguimiento"
    cal = Calendar()
    cal.add("prodid", "-//seguimiento//Plazos de acuerdos y convenios//ES")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Seguimiento: plazos de {person}")
    cal.add("x-wr-timezone", timezone)
    cal.add("x-published-ttl", "PT1H")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for d in deadlines:
        url = base_url.rstrip("/") + (page_of(d.kind, d.item_id) or "/")
        event = Event()
        event.add("uid", f"{d.uid}@{host}")
        event.add("dtstamp", now)
        event.add("last-modified", d.changed_at)
        event.add("dtstart", d.day)
        event.add("dtend", d.day + timedelta(days=1))
        event.add("summary", ("VENCIDO · " if d.overdue else "") + d.summary)
        event.add(
            "description",
            f"{d.state_label}\nÁreas responsables: {', '.join(d.areas) or '—'}\n{url}",
        )
        event.add("url", url)
        event.add("categories", [d.state_label.split(" · ")[0]])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
