"""What `GET /api/v1/workflows` answers: a lifecycle's states, events and diagram."""

from pydantic import BaseModel

from states import Lifecycle


class StateRead(BaseModel):
    id: str
    label: str
    final: bool


class EventRead(BaseModel):
    name: str
    label: str
    sources: list[str]
    dest: str
    roles: list[str]
    requires: list[str]


class WorkflowRead(BaseModel):
    name: str
    label: str
    initial: str
    states: list[StateRead]
    events: list[EventRead]
    mermaid: str

    @classmethod
    def of(cls, lc: Lifecycle) -> "WorkflowRead":
        return cls(
            name=lc.name,
            label=lc.label,
            initial=lc.initial,
            states=[
                StateRead(id=s, label=label, final=lc.is_final(s)) for s, label in lc.states.items()
            ],
            events=[
                EventRead(
                    name=e.name,
                    label=e.label,
                    sources=list(e.sources),
                    dest=e.dest,
                    roles=[r.value for r in e.roles],
                    requires=list(e.requires),
                )
                for e in lc.events
            ],
            mermaid=lc.mermaid(),
        )
