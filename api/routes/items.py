"""The routes every kind of tracked item shares: list, create, detail, edit, events, updates."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from sqlalchemy.orm import Session

from api import gates
from api.deps import ActorDep, ClockDep, IfMatch, SessionDep, SettingsDep, etag
from api.item_access import Found, item_access
from api.routes.update_input import OPENAPI_BODY, UpdateInput, update_input
from api.schemas.common import ErrorBody, ListOf, Strict
from api.schemas.filters import ListQuery, filters_from
from api.schemas.history import EditRead, EventRequest, TransitionRead, UpdateRead
from states import LIFECYCLES
from workflow.engine import editing, file_store, progress
from workflow.engine.actors import Actor, is_responsible
from workflow.engine.edit_history import edits_of
from workflow.engine.fire import fire
from workflow.items import listing
from workflow.runtime.clock import Clock

ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorBody} for s in (401, 403, 404, 409, 412, 422)
}


@dataclass(frozen=True)
class ItemKind:
    """How one kind of item plugs into the shared routes."""

    path: str
    tag: str
    model: Any
    read: Any
    detail: Any
    create_body: type[Strict]
    update_body: type[Strict]
    create: Callable[..., Any]
    create_args: Callable[[Any], dict[str, Any]]
    query: type[ListQuery]
    """The list's query string (`api.schemas.filters`)."""
    detail_extra: Callable[[Session, Any], dict[str, Any]] | None = None
    edit: Callable[..., Any] = editing.edit
    """What a PATCH calls: `editing.edit`, or the kind's own that also handles what lives
    outside its fields (an acuerdo's links)."""


def page_body(page: listing.Page[Any], read: Any) -> dict[str, Any]:
    """A list answer: `{"items", "total", "limit", "offset"}`."""
    return {
        "items": [read.of(item, overdue) for item, overdue in page.rows],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


def build_detail(kind: ItemKind, session: Session, actor: Actor, item: Any, overdue: bool) -> Any:
    lifecycle = LIFECYCLES[item.kind]
    extra = kind.detail_extra(session, item) if kind.detail_extra else {}
    return kind.detail(
        **kind.read.of(item, overdue).model_dump(),
        updates=[
            UpdateRead.of(u)
            for u in progress.updates_of(session=session, item_kind=item.kind, item_id=item.id)
        ],
        transitions=[
            TransitionRead.of(t)
            for t in progress.transitions_of(session=session, item_kind=item.kind, item_id=item.id)
        ],
        edits=[
            EditRead.of(e) for e in edits_of(session=session, item_kind=item.kind, item_id=item.id)
        ],
        allowed_events=lifecycle.allowed_events(
            item.state, actor.role, is_responsible(actor, item)
        ),
        **extra,
    )


def router_for(kind: ItemKind) -> APIRouter:
    router = APIRouter(prefix=f"/api/v1/{kind.path}", tags=[kind.tag], responses=ERRORS)
    Model = kind.model
    access = item_access(Model)

    def respond(
        session: Session, actor: Actor, item: Any, overdue: bool, response: Response
    ) -> Any:
        response.headers["ETag"] = etag(item.version)
        return build_detail(kind, session, actor, item, overdue)

    def respond_changed(
        session: Session, actor: Actor, clock: Clock, item: Any, response: Response
    ) -> Any:
        """The item as a write left it: its deadline or state may have changed, so has overdue."""
        return respond(session, actor, item, listing.is_overdue(item, clock.today()), response)

    @router.get("", response_model=ListOf[kind.read], summary=f"Listar ({kind.tag})")  # type: ignore[name-defined]
    def list_items(
        session: SessionDep,
        actor: ActorDep,
        clock: ClockDep,
        filters: Annotated[listing.Filters, filters_from(kind.query)],
    ) -> Any:
        page = listing.fetch_page(
            session=session, model=Model, filters=filters, today=clock.today()
        )
        return page_body(page, kind.read)

    @router.post(
        "",
        status_code=201,
        response_model=kind.detail,
        summary=f"Crear ({kind.tag})",
        dependencies=[gates.EDITORS],
    )
    def create_item(
        body: kind.create_body,  # type: ignore[name-defined]
        session: SessionDep,
        actor: ActorDep,
        clock: ClockDep,
        response: Response,
    ) -> Any:
        item = kind.create(session=session, actor=actor, clock=clock, **kind.create_args(body))
        response.headers["Location"] = f"/api/v1/{kind.path}/{item.id}"
        return respond_changed(session, actor, clock, item, response)

    @router.get("/{item_id}", response_model=kind.detail, summary=f"Detalle ({kind.tag})")
    def get_item(
        found: Annotated[Found[Any], access.readable],
        session: SessionDep,
        actor: ActorDep,
        response: Response,
    ) -> Any:
        return respond(session, actor, found.item, found.overdue, response)

    @router.patch(
        "/{item_id}",
        response_model=kind.detail,
        summary="Editar campos (no el estado)",
    )
    def edit_item(
        found: Annotated[Found[Any], access.editable],
        body: kind.update_body,  # type: ignore[name-defined]
        session: SessionDep,
        actor: ActorDep,
        clock: ClockDep,
        expected: IfMatch,
        response: Response,
    ) -> Any:
        kind.edit(
            session=session,
            actor=actor,
            clock=clock,
            item=found.item,
            changes=body.model_dump(exclude_unset=True),
            expected_version=expected,
        )
        return respond_changed(session, actor, clock, found.item, response)

    @router.post(
        "/{item_id}/events",
        response_model=kind.detail,
        summary="Aplicar un evento del ciclo de vida",
    )
    def fire_event(
        found: Annotated[Found[Any], access.firable],
        body: EventRequest,
        session: SessionDep,
        actor: ActorDep,
        clock: ClockDep,
        expected: IfMatch,
        response: Response,
    ) -> Any:
        fire(
            session=session,
            item=found.item,
            event=body.event,
            actor=actor,
            clock=clock,
            note=body.note,
            expected_version=expected,
            data=body.data(),
        )
        return respond_changed(session, actor, clock, found.item, response)

    @router.post(
        "/{item_id}/updates",
        status_code=201,
        response_model=UpdateRead,
        summary="Registrar un avance (JSON o multipart con archivo de evidencia)",
        openapi_extra=OPENAPI_BODY,
    )
    def add_update(
        found: Annotated[Found[Any], access.updatable],
        given: Annotated[UpdateInput, Depends(update_input)],
        session: SessionDep,
        actor: ActorDep,
        clock: ClockDep,
        settings: SettingsDep,
        expected: IfMatch,
    ) -> Any:
        update = progress.record_update(
            session=session,
            actor=actor,
            clock=clock,
            item=found.item,
            note=given.body.note,
            progress=given.body.progress,
            evidence_url=given.body.evidence_url,
            upload=progress.Upload(given.filename or "", given.stream) if given.stream else None,
            files=file_store.of(settings),
            max_bytes=settings.max_upload_mb * 1024 * 1024,
            expected_version=expected,
        )
        return UpdateRead.of(update)

    return router
