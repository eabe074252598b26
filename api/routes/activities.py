"""`/api/v1/activities`: actividades of convenios and of work programmes."""

from typing import Annotated

from fastapi import Depends

from api.routes.items import ItemKind, common_filters, router_for
from api.schemas.common import RowFilter
from api.schemas.items import ActivityCreate, ActivityDetail, ActivityRead, ActivityUpdate
from workflow import activities
from workflow.listing import Filters
from workflow.models import Activity


def filters(
    common: Annotated[Filters, Depends(common_filters)], convenio: RowFilter = None
) -> Filters:
    common.convenio = convenio
    return common


router = router_for(
    ItemKind(
        path="activities",
        tag="actividades",
        model=Activity,
        read=ActivityRead,
        detail=ActivityDetail,
        create_body=ActivityCreate,
        update_body=ActivityUpdate,
        create=activities.create,
        create_args=lambda body: body.model_dump(),
        filters=filters,
    )
)
