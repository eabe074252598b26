"""`/api/v1/activities`: actividades of convenios and of work programmes."""

from api.routes.items import ItemKind, router_for
from api.schemas.filters import ActivityListQuery
from api.schemas.items import ActivityCreate, ActivityDetail, ActivityRead, ActivityUpdate
from workflow.items import activities
from workflow.models import Activity

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
    )
)
