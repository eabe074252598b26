"""What a notification is about: the item (or person) of a domain event, as messages need it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from states import LIFECYCLES
from workflow.models import ITEM_MODELS, Activity, Agreement, Convenio, User
from workflow.settings import Settings

PAGES = {
    "agreement": "/acuerdos/{id}",
    "convenio": "/convenios/{id}",
    "activity": "/actividades/{id}",
}
"""Where each kind of item has its page, under `SEGUIMIENTO_BASE_URL`."""

NOUNS = {"agreement": "el acuerdo", "convenio": "el convenio", "activity": "la actividad"}


@dataclass
class Subject:
    """The item a notification is about, with the facts every message shows."""

    kind: str
    id: int
    key: str
    title: str
    link: str
    noun: str = ""
    """With its article, as a sentence names it: «el acuerdo», «la actividad»."""
    deadline_label: str = "Plazo"
    state_label: str = ""
    deadline: date | None = None
    area_ids: list[int] = field(default_factory=list)
    area_codes: list[str] = field(default_factory=list)
    organ_id: int | None = None


def link_for(settings: Settings, kind: str, item_id: int) -> str:
    path = PAGES.get(kind, "/").format(id=item_id)
    return settings.base_url.rstrip("/") + path


def load(*, session: Session, settings: Settings, kind: str, item_id: int) -> Subject | None:
    """The subject of an event, or None when it no longer exists."""
    if kind == "user":
        user = session.get(User, item_id)
        if user is None:
            return None
        return Subject(
            kind="user", id=user.id, key=user.email, title=user.name, link=link_for(settings, "", 0)
        )
    model = ITEM_MODELS.get(kind)
    item = session.get(model, item_id) if model is not None else None
    if not isinstance(item, Agreement | Convenio | Activity):
        return None  # gone, or minutes: they have no responsible areas to tell
    areas = item.areas
    return Subject(
        kind=kind,
        id=item.id,
        key=item.key,
        title=item.title,
        link=link_for(settings, kind, item.id),
        noun=NOUNS[kind],
        deadline_label="Vigencia hasta" if kind == "convenio" else "Plazo",
        state_label=LIFECYCLES[kind].state_label(item.state),
        deadline=item.deadline,
        area_ids=[a.id for a in areas],
        area_codes=[a.code for a in areas],
        organ_id=_organ_id(item),
    )


def _organ_id(item: Agreement | Convenio | Activity) -> int | None:
    if isinstance(item, Agreement):
        return item.meeting.organ_id
    if isinstance(item, Activity):
        if item.organ_id is not None:
            return item.organ_id
        return item.convenio.organ_id if item.convenio is not None else None
    return item.organ_id
