"""`/api/v1/convenios`: convenios, and the activities of each."""

from typing import Annotated, Any

from api.deps import ClockDep, SessionDep
from api.item_access import Found, item_access
from api.routes.items import ItemKind, page_body, router_for
from api.schemas.common import ListOf
from api.schemas.filters import ListQuery, filters_from
from api.schemas.items import (
    ActivityRead,
    ConvenioCreate,
    ConvenioDetail,
    ConvenioRead,
    ConvenioUpdate,
    ItemRef,
)
from workflow.items import convenios, links, listing
from workflow.items.listing import Filters
from workflow.models import Activity, Convenio


def detail_extra(session: Any, item: Convenio) -> dict[str, Any]:
    return {
        "children": [c.id for c in convenios.children(session=session, convenio_id=item.id)],
        "agreements": [ItemRef.of(a) for a in links.agreements_of(item)],
    }


router = router_for(
    ItemKind(
        path="convenios",
        tag="convenios",
        model=Convenio,
        read=ConvenioRead,
        detail=ConvenioDetail,
        create_body=ConvenioCreate,
        update_body=ConvenioUpdate,
        create=convenios.create,
        create_args=lambda body: body.model_dump(),
        query=ListQuery,
        detail_extra=detail_extra,
    )
)


@router.get("/{item_id}/activities", response_model=ListOf[ActivityRead])
def convenio_activities(
    convenio: Annotated[Found[Any], item_access(Convenio).readable],
    session: SessionDep,
    clock: ClockDep,
    filters: Annotated[Filters, filters_from(ListQuery)],
) -> Any:
    """The activities (plan de trabajo) of one convenio."""
    filters.convenio = convenio.item.id
    page = listing.fetch_page(session=session, model=Activity, filters=filters, today=clock.today())
    return page_body(page, ActivityRead)
