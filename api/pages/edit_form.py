"""The edit pages of tracked items (`/acuerdos/{id}/editar`, `/convenios/{id}/editar`,
`/actividades/{id}/editar`), secretariat and admin only.

The form shows the item; the POST goes through `workflow.engine.editing.edit`, the one edit path
(PATCH calls it too), with the `If-Match` rule as the hidden `version`: a stale or refused form
is shown again with what the person typed, each problem next to its field, and nothing saved.

No `from __future__ import annotations` here: FastAPI reads the routes' annotations, and the
local `loaded` could not be found from a string.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import ClockDep, SessionDep
from api.item_access import Found, item_access
from api.pages.csrf import CheckedForm
from api.pages.fields import text, version
from api.pages.refused import Refused
from api.pages.rendering import done, render
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from states.kinds import KINDS, page_of
from workflow.directory import catalogue
from workflow.engine import editing
from workflow.engine.errors import DomainError, NotPermitted


def editor_viewer(viewer: SignedInViewer) -> Viewer:
    """Who may register and edit acuerdos, convenios and activities (as the API's PATCH)."""
    if not viewer.is_editor:
        raise NotPermitted(
            "Solo la secretaría técnica y la administración registran y editan acuerdos, "
            "convenios y actividades."
        )
    return viewer


EditorViewer = Annotated[Viewer, Depends(editor_viewer)]


def locked_events(kind: str) -> str:
    """`«Registrar suscripción» o «Ampliar vigencia»`: the events that alone change the fields
    an edit may not touch, for the sentence beside them on the form."""
    labels: list[str] = []
    for names in editing.EVENT_FIELDS_BY_KIND.get(kind, {}).values():
        labels += [n for n in names if n not in labels]
    return " o ".join(f"«{label}»" for label in labels)


def checked_text(
    typed: Refused, body: type[BaseModel], name: str, label: str, missing: str | None = None
) -> Any:
    """The typed `name` as the API's `body` takes it; `missing` is said when it is required and
    empty. Problems go next to the field."""
    value = typed.values[name]
    if missing is not None and not value:
        typed.problems[name] = missing
        return None
    return typed.problems.check(body, name, value, label, name)


def checked_areas(
    session: Session, typed: Refused, lead: str = "lead", co: str = "co"
) -> list[str]:
    """The lead area then the co-responsible ones, each a registered area."""
    known = {a.code for a in catalogue.list_areas(session=session)}
    chosen = typed.values[lead]
    if not chosen:
        typed.problems[lead] = "Elija el área responsable."
    elif chosen not in known:
        typed.problems[lead] = f"No existe el área «{chosen}»; elija una de la lista."
    others = [c for c in typed.values.get(co, []) if c != chosen]
    unknown = [c for c in others if c not in known]
    if unknown:
        typed.problems[co] = f"No existe el área «{unknown[0]}»; elija de la lista."
    return [chosen, *others]


def checked_choice(typed: Refused, name: str, ids: set[int], wrong: str) -> int | None:
    """A `<select>` of rows by id: empty is None; anything not offered is `wrong`."""
    raw = typed.values[name]
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10) or int(raw) not in ids:
        typed.problems[name] = wrong
        return None
    return int(raw)


def typed_codes(form: FormData, name: str) -> list[str]:
    """The codes of a group of check boxes, as sent (at most as many as an item may have)."""
    return [c.strip() for c in form.getlist(name) if isinstance(c, str) and c.strip()][:20]


@dataclass(frozen=True)
class EditPage:
    """How one kind of item plugs into the edit page."""

    model: Any
    template: str
    shown: Callable[[Any], dict[str, Any]]
    """The item's fields as the form shows them."""
    typed: Callable[[FormData], dict[str, Any]]
    """The posted form's fields, as typed."""
    changes: Callable[[Session, Any, Refused], dict[str, Any]]
    """What `editing.edit` is asked to change; problems are kept in the `Refused`."""
    choices: Callable[[Session, Any], dict[str, Any]]
    """What the form offers to choose from (areas, agenda points, convenios)."""
    form_field: Mapping[str, str] = field(default_factory=dict)
    """The form's field for a field the workflow names (`areas` → `lead`)."""

    @property
    def path(self) -> str:
        return f"/{KINDS[self.model.kind].slug}/{{item_id}}/editar"


def show(
    request: Request,
    session: Session,
    viewer: Viewer,
    page: EditPage,
    item: Any | None,
    typed: Refused,
) -> Response:
    """The form of `page` for `item`, or for a new one (None), as `typed` holds it."""
    return render(
        request,
        page.template,
        {
            "viewer": viewer,
            "item": item,
            "form": typed,
            "locked_events": locked_events(page.model.kind),
            **page.choices(session, item),
        },
        status_code=typed.status,
    )


def add_edit_routes(router: APIRouter, page: EditPage) -> None:
    """`GET` and `POST {prefix}/{id}/editar` for one kind of item."""
    loaded = item_access(page.model).found

    @router.get(page.path)
    def edit_form(
        request: Request,
        session: SessionDep,
        viewer: EditorViewer,
        found: Annotated[Found[Any], loaded],
    ) -> Response:
        item = found.item
        return show(request, session, viewer, page, item, Refused(page.shown(item), item.version))

    @router.post(page.path)
    def save(
        request: Request,
        viewer: EditorViewer,
        form: CheckedForm,
        session: SessionDep,
        clock: ClockDep,
        found: Annotated[Found[Any], loaded],
        actor: PageActor,
    ) -> Response:
        item = found.item
        typed = Refused(page.typed(form), version(form))
        changes = page.changes(session, item, typed)
        if typed.version is None:
            typed.error = "Al formulario le falta la versión del asunto; vuelva a abrirlo."
        if typed.problems or typed.error:
            return show(request, session, viewer, page, item, typed)
        try:
            changed = editing.edit(
                session=session,
                actor=actor,
                clock=clock,
                item=item,
                changes=changes,
                expected_version=typed.version,
            )
        except DomainError as exc:
            session.rollback()  # nothing of a refused form stays
            typed.refused_by(exc, page.form_field)
            item = session.get(page.model, item.id)
            return show(request, session, viewer, page, item, typed)
        to = page_of(item.kind, item.id) or "/"
        if not changed:
            return done(request, to, f"No había cambios que guardar en {item.key}.")
        return done(request, to, f"Se guardaron los cambios de {item.key}.")


def typed_text(form: FormData, *names: str) -> dict[str, Any]:
    """The named text fields of a form, as typed."""
    return {name: text(form, name) for name in names}
