"""The lifecycles as data (`/api/v1/workflows`): states, events, who may fire them, diagram."""

from typing import Any

from fastapi import APIRouter

from api.deps import ActorDep
from api.routes.items import ERRORS
from api.schemas.lifecycles import WorkflowRead
from states import LIFECYCLES
from workflow.engine.errors import NotFound

router = APIRouter(responses=ERRORS)


@router.get("/api/v1/workflows", response_model=list[WorkflowRead], tags=["ciclos de vida"])
def workflows(actor: ActorDep) -> Any:
    return [WorkflowRead.of(lc) for lc in LIFECYCLES.values()]


@router.get("/api/v1/workflows/{name}", response_model=WorkflowRead, tags=["ciclos de vida"])
def workflow(name: str, actor: ActorDep) -> Any:
    if name not in LIFECYCLES:
        raise NotFound(f"No existe el ciclo de vida «{name}»; hay: {', '.join(LIFECYCLES)}.")
    return WorkflowRead.of(LIFECYCLES[name])
