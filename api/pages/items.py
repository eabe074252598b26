"""The detail page every tracked item shares (acuerdo, convenio, actividad) and its two forms.

The forms (see `forms.py`) post to the same `workflow.engine.fire.fire` and
`workflow.engine.progress.record_update` the JSON API calls; the server checks role, area and
version again whatever the form showed. A refused or stale form is shown again with what the person
typed and a sentence that says why.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import ClockDep, SessionDep, SettingsDep
from api.errors import invalid_field
from api.item_access import Found, item_access
from api.pages.csrf import CheckedForm
from api.pages.diagram import layout
from api.pages.fields import text, version
from api.pages.forms import (
    FIELD_LABELS,
    UPDATE_FIELDS,
    closing_offer,
    event_forms,
    may_update,
)
from api.pages.lists import list_page
from api.pages.opened import mark_read_when_sent
from api.pages.refused import Refused, refuse
from api.pages.rendering import done, render
from api.pages.timeline import timeline
from api.pages.viewer import PageActor, SignedInViewer, Viewer, public_viewer, signed_in_viewer
from api.schemas.history import EventRequest, UpdateCreate
from states import LIFECYCLES
from states.kinds import KINDS, page_of
from states.lifecycle import STAY
from workflow.checks.overdue import days_late
from workflow.engine import file_store, progress
from workflow.engine.actors import Actor
from workflow.engine.errors import DomainError, Invalid
from workflow.engine.fire import fire
from workflow.items import listing, pending
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


@dataclass(frozen=True)
class ItemPage:
    """How one kind of item plugs into the shared detail page."""

    model: Any
    template: str
    extra: Callable[[Session, Any, Viewer, date], dict[str, Any]] = field(default=lambda *_: {})
    public: bool = True
    """Anyone may read the pages (acuerdos, convenios), or only people signed in (actividades)."""
    list_extra: Callable[[Session, date], dict[str, Any]] = field(default=lambda *_: {})
    """What the kind's list page shows besides what every list shows (its own filters' choices)."""
    list_rows: Callable[[Session, date, list[Any]], dict[str, Any]] | None = None
    """What the kind's list page reads about the rows it shows (a convenio's plan progress)."""

    @property
    def prefix(self) -> str:
        """Where the kind's pages live (`/acuerdos`), as the registry of item kinds says."""
        return f"/{KINDS[self.model.kind].slug}"


def show(
    request: Request,
    page: ItemPage,
    *,
    session: Session,
    viewer: Viewer,
    clock: Clock,
    found: Found[Any],
    failed: Refused | None = None,
) -> Response:
    today = clock.today()
    item, overdue = found.item, found.overdue
    lifecycle = LIFECYCLES[item.kind]
    actor = viewer.actor
    context = {
        "viewer": viewer,
        "item": item,
        "overdue": overdue,
        "days_late": days_late(session=session, deadline=item.deadline, today=today)
        if overdue and item.deadline is not None
        else 0,
        "today": today,
        "page": page,
        "lifecycle": lifecycle,
        "state_label": lifecycle.state_label(item.state),
        "diagram": layout(lifecycle, item.state),
        "next_steps": [
            (e.label, lifecycle.state_label(item.state if e.dest == STAY else e.dest))
            for e in lifecycle.events_from(item.state)
        ],
        "timeline": timeline(session=session, item=item, show_people=viewer.signed_in),
        "updates": progress.updates_of(session=session, item_kind=item.kind, item_id=item.id),
        "event_forms": event_forms(item, actor, failed),
        "may_update": may_update(actor, item),
        "closing": closing_offer(actor, item),
        "standing": pending.standing(session=session, item=item, tz=clock.tz),
        "update_values": failed.values if failed and failed.form == "update" else {},
        "update_error": failed.error if failed and failed.form == "update" else None,
        "failed": failed,
        **page.extra(session, item, viewer, today),
    }
    status_code = failed.status if failed else 200
    response = render(request, page.template, context, status_code=status_code)
    return mark_read_when_sent(
        request, response, viewer, item_kind=item.kind, item_id=item.id, now=clock.now()
    )


def _checked(body: type[BaseModel], name: str, value: str, label: str) -> Any:
    """`value` as the API's `body` takes its field `name` (same bounds, same sentence), so a
    form cannot put into the database what the JSON API refuses; empty values are left to the
    workflow, which says what is missing."""
    if not value:
        return None
    try:
        checked = body.__pydantic_validator__.validate_assignment(
            body.model_construct(), name, value
        )
    except ValidationError as exc:
        raise invalid_field(exc, label) from None
    return getattr(checked, name)


def _date(form: FormData, name: str) -> date | None:
    raw = text(form, name)
    if raw:
        try:
            date.fromisoformat(raw)
        except ValueError:
            raise Invalid(
                f"«{FIELD_LABELS[name]}» no es una fecha válida (use AAAA-MM-DD)."
            ) from None
    day: date | None = _checked(EventRequest, name, raw, FIELD_LABELS[name])
    return day


def apply_event(*, session: Session, item: Any, actor: Actor, clock: Clock, form: FormData) -> str:
    """Fire the posted event; returns the sentence for the confirmation message."""
    name = text(form, "event")
    _checked(EventRequest, "event", name, "Evento")
    data = {f: d for f in FIELD_LABELS if f != "note" and (d := _date(form, f)) is not None}
    note = text(form, "note")
    _checked(EventRequest, "note", note, FIELD_LABELS["note"])
    fire(
        session=session,
        item=item,
        event=name,
        actor=actor,
        clock=clock,
        note=note or None,
        expected_version=version(form),
        data=data,
    )
    spec = LIFECYCLES[item.kind].event(name)
    return f"Se aplicó «{spec.label if spec else name}» a {item.key}."


def apply_update(
    *, session: Session, item: Any, actor: Actor, clock: Clock, settings: Settings, form: FormData
) -> str:
    """Record the posted avance (the workflow checks everything before the file touches disk);
    with its check box ticked, fire the kind's closing event too, in the same transaction."""
    raw_progress = text(form, "progress")
    if raw_progress and not (raw_progress.isascii() and raw_progress.isdigit()):
        raise Invalid("El porcentaje de avance debe ser un número entero de 0 a 100.")
    note, url = text(form, "note"), text(form, "evidence_url")
    _checked(UpdateCreate, "note", note, "Nota")
    _checked(UpdateCreate, "evidence_url", url, "Enlace a la evidencia")
    upload = form.get("file")
    closing = KINDS[item.kind].closing_event if text(form, "close") else None
    progress.record_and_report(
        session=session,
        actor=actor,
        clock=clock,
        item=item,
        event=closing,
        note=note,
        progress=_checked(UpdateCreate, "progress", raw_progress, "Porcentaje de avance"),
        evidence_url=url or None,
        upload=progress.Upload(upload.filename, upload.file)
        if upload is not None and not isinstance(upload, str) and upload.filename
        else None,
        files=file_store.of(settings),
        max_bytes=settings.max_upload_mb * 1024 * 1024,
        expected_version=version(form),
    )
    spec = LIFECYCLES[item.kind].event(closing or "")
    done_too = f" y se aplicó «{spec.label}»" if spec else ""
    return f"Se registró el avance de {item.key}{done_too}."


def add_routes(router: APIRouter, page: ItemPage) -> None:
    """`GET {prefix}` (the list), `GET {prefix}/{id}` (the detail page),
    `POST {prefix}/{id}/eventos` and `POST {prefix}/{id}/avances` for one kind of item."""

    loaded = item_access(page.model).found
    reader = Depends(public_viewer if page.public else signed_in_viewer)

    @router.get(page.prefix)
    def listed(
        request: Request, session: SessionDep, viewer: Annotated[Viewer, reader], clock: ClockDep
    ) -> Response:
        today = clock.today()
        extra = page.list_extra(session, today)
        rows = page.list_rows
        return list_page(
            request,
            session=session,
            viewer=viewer,
            today=today,
            model=page.model,
            extra=extra,
            of_rows=(lambda shown: rows(session, today, shown)) if rows else None,
        )

    @router.get(f"{page.prefix}/{{item_id}}")
    def detail(
        request: Request,
        session: SessionDep,
        viewer: Annotated[Viewer, reader],
        clock: ClockDep,
        found: Annotated[Found[Any], loaded],
    ) -> Response:
        return show(request, page, session=session, viewer=viewer, clock=clock, found=found)

    def handle(
        request: Request,
        *,
        item: Any,
        target: str,
        apply: Callable[[Any], str],
        session: Session,
        viewer: Viewer,
        clock: Clock,
        form: FormData,
    ) -> Response:
        try:
            message = apply(item)
        except DomainError as exc:
            names = UPDATE_FIELDS if target == "update" else tuple(FIELD_LABELS)
            failed = refuse(session, exc, {n: text(form, n) for n in names}, target)
            return show(
                request,
                page,
                session=session,
                viewer=viewer,
                clock=clock,
                found=Found(item, listing.is_overdue(item, clock.today())),
                failed=failed,
            )
        return done(request, page_of(page.model.kind, item.id) or "/", message)

    @router.post(f"{page.prefix}/{{item_id}}/eventos")
    def post_event(
        request: Request,
        form: CheckedForm,
        session: SessionDep,
        viewer: SignedInViewer,
        actor: PageActor,
        clock: ClockDep,
        found: Annotated[Found[Any], loaded],
    ) -> Response:
        return handle(
            request,
            item=found.item,
            target=f"event:{text(form, 'event')}",
            apply=lambda item: apply_event(
                session=session, item=item, actor=actor, clock=clock, form=form
            ),
            session=session,
            viewer=viewer,
            clock=clock,
            form=form,
        )

    @router.post(f"{page.prefix}/{{item_id}}/avances")
    def post_update(
        request: Request,
        form: CheckedForm,
        session: SessionDep,
        viewer: SignedInViewer,
        actor: PageActor,
        clock: ClockDep,
        settings: SettingsDep,
        found: Annotated[Found[Any], loaded],
    ) -> Response:
        return handle(
            request,
            item=found.item,
            target="update",
            apply=lambda item: apply_update(
                session=session, item=item, actor=actor, clock=clock, settings=settings, form=form
            ),
            session=session,
            viewer=viewer,
            clock=clock,
            form=form,
        )
