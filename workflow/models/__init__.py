"""The database schema (SQLAlchemy 2 typed models); migrations live in `workflow/migrations`."""

from workflow.models.access import Invitation, SignInEvent, WebSession
from workflow.models.base import Base, UTCDateTime, utcnow
from workflow.models.calendar import AllDaysPeriod, NonWorkingDay
from workflow.models.checks import CheckRun
from workflow.models.directory import ApiToken, Area, Organ, User
from workflow.models.history import DomainEvent, EvidenceFile, StoredFile, Transition, Update
from workflow.models.items import (
    Activity,
    Agreement,
    Convenio,
    Counterpart,
    ItemArea,
)
from workflow.models.keys import KeyCounter
from workflow.models.links import AgreementLink
from workflow.models.meetings import AgendaItem, Meeting, Minutes
from workflow.models.outbox import Delivery, NotificationKindPreference, NotificationPreference
from workflow.models.reports import CalendarFeed, ConvenioReport, IssuedReport, ReportObservation

Item = Agreement | Convenio | Activity | Minutes
"""Anything `fire()` accepts."""

ITEM_MODELS: dict[str, type[Agreement] | type[Convenio] | type[Activity] | type[Minutes]] = {
    "agreement": Agreement,
    "convenio": Convenio,
    "activity": Activity,
    "minutes": Minutes,
}

__all__ = [
    "ITEM_MODELS",
    "Activity",
    "AgendaItem",
    "Agreement",
    "AgreementLink",
    "AllDaysPeriod",
    "ApiToken",
    "Area",
    "Base",
    "CalendarFeed",
    "CheckRun",
    "Convenio",
    "ConvenioReport",
    "Counterpart",
    "Delivery",
    "DomainEvent",
    "EvidenceFile",
    "Invitation",
    "IssuedReport",
    "Item",
    "ItemArea",
    "KeyCounter",
    "Meeting",
    "Minutes",
    "NonWorkingDay",
    "NotificationKindPreference",
    "NotificationPreference",
    "Organ",
    "ReportObservation",
    "SignInEvent",
    "StoredFile",
    "Transition",
    "UTCDateTime",
    "Update",
    "User",
    "WebSession",
    "utcnow",
]
