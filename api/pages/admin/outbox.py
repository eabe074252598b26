"""`/admin/avisos`: the outbox for admins — pending, failed and sent messages with their channel,
recipient, attempts and why they failed, in Spanish; retry one or every failed message.

The page reads `notifications.outbox` and retries through `notifications.inbox.retry` and
`notifications.retries.retry_failed`, the same services as `/api/v1/notifications`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from api.deps import ClockDep, SessionDep
from api.pages.admin.index import admin_viewer
from api.pages.csrf import CheckedForm
from api.pages.notifications import CHANNEL_NAMES, requeue_failed
from api.pages.rendering import done, render
from api.pages.viewer import PageActor, SignedInViewer
from api.schemas.common import Line, RowId, RowRef
from notifications import failures, inbox, outbox
from notifications.outbox import OutboxFilter
from states.delivery import DeliveryStatus
from states.kinds import KINDS, page_of
from workflow.models import Delivery

router = APIRouter(include_in_schema=False, dependencies=[Depends(admin_viewer)])
"""Administrators only, like every admin page (`admin_viewer`)."""

PATH = "/admin/avisos"
PER_PAGE = 25
STATUS_NAMES = {
    DeliveryStatus.pending: "Pendientes",
    DeliveryStatus.failed: "Fallidos",
    DeliveryStatus.sent: "Enviados",
}
STATUS_LABELS = {
    DeliveryStatus.pending: "Pendiente",
    DeliveryStatus.failed: "Fallido",
    DeliveryStatus.sent: "Enviado",
}


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class OutboxQuery(BaseModel):
    """The page's filters, held to the API's bounds (a bad value gets 422, never a query)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    estado: Annotated[DeliveryStatus | None, BeforeValidator(_blank_is_none)] = None
    tipo: Annotated[
        Literal["agreement", "convenio", "activity"] | None, BeforeValidator(_blank_is_none)
    ] = None
    asunto: Annotated[RowRef | None, BeforeValidator(_blank_is_none)] = None
    destinatario: str = Line(200, default="")
    antes: Annotated[RowRef | None, BeforeValidator(_blank_is_none)] = None

    @classmethod
    def of(cls, values: dict[str, Any], where: str = "query") -> OutboxQuery:
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": (where, *e["loc"])} for e in exc.errors(include_url=False)]
            ) from None

    @property
    def filters(self) -> OutboxFilter:
        return OutboxFilter(
            status=self.estado,
            item_kind=self.tipo,
            item_id=self.asunto,
            recipient=self.destinatario,
        )

    def query(self, **changes: Any) -> str:
        """This page's query string with `changes`, blanks left out."""
        values = {**self.model_dump(), **changes}
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def recipient_of(row: Delivery) -> str:
    """Who the message went to; a Teams webhook by its host only (its path is a secret)."""
    if row.channel == "teams":
        return f"{row.recipient_name} ({urlsplit(row.address).hostname or '?'})"
    if row.channel == "email":
        return f"{row.recipient_name} <{row.address}>" if row.recipient_name else row.address
    return row.recipient_name or "—"


def item_of(row: Delivery) -> tuple[str, str] | None:
    kind, page = KINDS.get(row.item_kind or ""), page_of(row.item_kind, row.item_id)
    return (kind.label, page) if kind is not None and page is not None else None


@router.get(PATH)
def outbox_page(
    request: Request, session: SessionDep, viewer: SignedInViewer, actor: PageActor
) -> Response:
    chosen = OutboxQuery.of({k: request.query_params[k] for k in request.query_params})
    found = outbox.page(
        session=session, actor=actor, filters=chosen.filters, before=chosen.antes, limit=PER_PAGE
    )
    rows = [
        {
            "row": r,
            "recipient": recipient_of(r),
            "item": item_of(r),
            "reason": failures.read(r.last_error),
        }
        for r in found.rows
    ]
    return render(
        request,
        "pages/admin/outbox.html",
        {
            "viewer": viewer,
            "rows": rows,
            "chosen": chosen,
            "filtered": any((chosen.estado, chosen.tipo, chosen.asunto, chosen.destinatario)),
            "first_url": f"{PATH}?{chosen.query(antes=None)}" if chosen.antes else None,
            "older_url": f"{PATH}?{chosen.query(antes=found.older)}" if found.older else None,
            "back": chosen.query(),
            "failed_total": outbox.failed_count(session=session, actor=actor),
            "status_names": STATUS_NAMES,
            "status_labels": STATUS_LABELS,
            "channel_names": CHANNEL_NAMES,
        },
    )


def _back(form: CheckedForm) -> str:
    """Back to the list as it was filtered: the filters are validated again, never echoed."""
    raw = form.get("volver")
    if not isinstance(raw, str) or not raw:
        return PATH
    sent = {k: v for k, v in parse_qsl(raw[:2000]) if k in OutboxQuery.model_fields}
    try:
        query = OutboxQuery.model_validate(sent).query()
    except ValidationError:
        return PATH
    return f"{PATH}?{query}" if query else PATH


@router.post(f"{PATH}/reintentar")
def retry_all(
    request: Request, form: CheckedForm, session: SessionDep, actor: PageActor, clock: ClockDep
) -> Response:
    """Every failed message back in the queue; the dispatcher sends them on its next run."""
    return requeue_failed(
        request, session=session, actor=actor, now=clock.now(), to=_back(form), noun="avisos"
    )


@router.post(PATH + "/{delivery_id}/reintentar")
def retry_one(
    request: Request,
    delivery_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    row = inbox.retry(session=session, actor=actor, delivery_id=delivery_id, now=clock.now())
    return done(
        request,
        _back(form),
        f"El aviso «{row.subject}» volvió a la cola; se enviará en la próxima ronda.",
    )
