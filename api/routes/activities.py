"""`/api/v1/activities`: actividades of convenios and of work programmes."""

from typing import Any

from sqlalchemy.orm import Session

from api.routes.items import ItemKind, router_for
from api.schemas.filters import ActivityListQuery
from api.schemas.items import (
    ActivityCreate,
    ActivityDetail,
    ActivityRead,
    ActivityUpdate,
    ItemRef,
)
from workflow.items import activities, links
from workflow.models import Activity


def detail_extra(session: Session, item: Activity) -> dict[str, Any]:
    return {"agreements": [ItemRef.of(a) for a in links.agreements_of(item)]}


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
        query=ActivityListQuery,
        detail_extra=detail_extra,
    )
)
