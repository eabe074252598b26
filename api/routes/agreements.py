"""`/api/v1/agreements`: acuerdos."""

from typing import Any

from sqlalchemy.orm import Session

from api.routes.items import ItemKind, router_for
from api.schemas.filters import AgreementListQuery
from api.schemas.items import (
    AgreementCreate,
    AgreementDetail,
    AgreementRead,
    AgreementUpdate,
    ItemRef,
)
from workflow.items import agreements, links
from workflow.items.session_agenda import titled
from workflow.models import Agreement


def create_args(body: AgreementCreate) -> dict[str, Any]:
    args = body.model_dump()
    args["meeting_id"] = args.pop("meeting")
    args["agenda_item_id"] = args.pop("agenda_item")
    return args


def detail_extra(session: Session, item: Agreement) -> dict[str, Any]:
    linked = links.linked(item)
    point = links.agenda_point(item)
    return {
        "agenda_point": titled(point) if point is not None else None,
        "convenios": [ItemRef.of(c) for c in linked.convenios],
        "activities": [ItemRef.of(a) for a in linked.activities],
    }


router = router_for(
    ItemKind(
        path="agreements",
        tag="acuerdos",
        model=Agreement,
        read=AgreementRead,
        detail=AgreementDetail,
        create_body=AgreementCreate,
        update_body=AgreementUpdate,
        create=agreements.create,
        create_args=create_args,
        query=AgreementListQuery,
        detail_extra=detail_extra,
        edit=links.edit_agreement,
    )
)
