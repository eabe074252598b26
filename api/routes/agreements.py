"""`/api/v1/agreements`: acuerdos."""

from typing import Annotated, Any

from fastapi import Depends

from api.routes.items import ItemKind, common_filters, router_for
from api.schemas.common import RowFilter
from api.schemas.items import AgreementCreate, AgreementDetail, AgreementRead, AgreementUpdate
from workflow import agreements
from workflow.listing import Filters
from workflow.models import Agreement


def filters(
    common: Annotated[Filters, Depends(common_filters)], meeting: RowFilter = None
) -> Filters:
    common.meeting = meeting
    return common


def create_args(body: AgreementCreate) -> dict[str, Any]:
    args = body.model_dump()
    args["meeting_id"] = args.pop("meeting")
    args["agenda_item_id"] = args.pop("agenda_item")
    return args


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
        filters=filters,
    )
)
