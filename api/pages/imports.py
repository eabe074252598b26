"""`/importar`: upload a CSV or XLSX, read the dry run (every problem by row and column, or
what each row would do), then apply it — all or nothing, with the same service as the API.

The file is checked once on upload and kept on disk (`workflow.spreadsheets.pending_imports`) under
a random id that the browser session remembers, so applying it neither asks for it again nor depends
on which process answers. The import runs in units of work of its own, as the API's does: the
request's own transaction is ended first, so on SQLite it holds no write lock while the import waits
for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from api.context import AppContext
from api.deps import ClockDep, ContextDep, SessionDep
from api.downloads import attachment
from api.file_import import import_upload
from api.pages import exports
from api.pages.csrf import CheckedForm
from api.pages.fields import status_of
from api.pages.rendering import flash, render
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from workflow.engine.errors import DomainError, Invalid, NotPermitted
from workflow.spreadsheets import pending_imports
from workflow.spreadsheets.columns import KINDS
from workflow.spreadsheets.exporting import template
from workflow.spreadsheets.import_report import ACTION_LABELS, ImportRefused, Outcome, Problem

router = APIRouter(include_in_schema=False)

SESSION_KEY = "importacion"
"""The browser session's pending file: kind, file name, random id and digest."""
LISTS = {kind: path for path, kind in exports.LISTS.items()}
"""Where to see what an import of each kind changed."""
SHOWN_CHANGES = 300


def editor_viewer(viewer: SignedInViewer) -> Viewer:
    """Only the secretariat and admins import (as `POST /api/v1/{kind}/import`)."""
    if not viewer.is_editor:
        raise NotPermitted("Solo la secretaría técnica y la administración importan archivos.")
    return viewer


EditorViewer = Annotated[Viewer, Depends(editor_viewer)]


@dataclass(frozen=True)
class ChangeRow:
    """One row of the dry run's table, in words."""

    row: int
    key: str
    action: str
    fields: str
    events: str


def change_rows(outcome: Outcome) -> list[ChangeRow]:
    kind = KINDS[outcome.kind]
    headers = {c.name: c.header for c in kind.columns}

    def event_label(name: str) -> str:
        spec = kind.lifecycle.event(name) if kind.lifecycle is not None else None
        return spec.label if spec is not None else name

    return [
        ChangeRow(
            row=c.row,
            key=c.key,
            action=ACTION_LABELS.get(c.action, c.action),
            fields=", ".join(headers.get(f, f) for f in c.fields),
            events=", ".join(event_label(e) for e in c.events),
        )
        for c in outcome.changes[:SHOWN_CHANGES]
    ]


def show(
    request: Request,
    viewer: Viewer,
    *,
    kind: str = "",
    outcome: Outcome | None = None,
    problems: list[Problem] | None = None,
    error: str | None = None,
    filename: str = "",
    status_code: int = 200,
) -> Response:
    meta = request.session.get(SESSION_KEY)
    return render(
        request,
        "pages/import.html",
        {
            "viewer": viewer,
            "kinds": [(k.name, k.label.capitalize()) for k in KINDS.values()],
            "kind": kind,
            "outcome": outcome,
            "changes": change_rows(outcome) if outcome else [],
            "shown_changes": SHOWN_CHANGES,
            "problems": problems or [],
            "error": error,
            "filename": filename,
            "reference": meta["token"] if outcome and isinstance(meta, dict) else "",
            "list_url": LISTS.get(kind),
        },
        status_code=status_code,
    )


@router.get("/importar")
def import_form(request: Request, viewer: EditorViewer) -> Response:
    chosen = request.query_params.get("tipo", "")
    return show(request, viewer, kind=chosen if chosen in KINDS else "")


@router.get("/importar/plantilla/{kind}.{fmt}")
def import_template(kind: str, fmt: str, viewer: EditorViewer, clock: ClockDep) -> Response:
    """An empty file with the columns an import of `kind` reads, to fill in."""
    if kind not in KINDS or fmt not in ("csv", "xlsx"):
        raise Invalid("No hay plantilla de ese tipo o formato.")
    return attachment(template(kind=kind, fmt=fmt, clock=clock))


def _failed(request: Request, viewer: Viewer, exc: DomainError, kind: str, name: str) -> Response:
    problems = exc.problems if isinstance(exc, ImportRefused) else None
    status = status_of(exc)
    return show(
        request,
        viewer,
        kind=kind,
        problems=problems,
        error=exc.detail,
        filename=name,
        status_code=status,
    )


def _forget(request: Request, ctx: AppContext) -> None:
    meta = request.session.pop(SESSION_KEY, None)
    if isinstance(meta, dict) and isinstance(meta.get("token"), str):
        pending_imports.shelf(ctx.settings, ctx.sessions).discard(meta["token"])


def _upload(form: FormData, ctx: AppContext) -> tuple[str, bytes]:
    upload = form.get("archivo")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise Invalid("Elija el archivo CSV o XLSX que quiere importar.")
    mb = ctx.settings.import_max_mb
    data = upload.file.read(mb * 1024 * 1024 + 1)
    if len(data) > mb * 1024 * 1024:
        raise Invalid(
            f"El archivo pasa de {mb} MB: divídalo, o impórtelo con «seguimiento import» en "
            "el servidor."
        )
    return upload.filename[:200], data


@router.post("/importar")
def import_check(
    request: Request,
    viewer: EditorViewer,
    actor: PageActor,
    form: CheckedForm,
    session: SessionDep,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    """The dry run: every problem of the file, or what it would do and the button to apply."""
    raw_kind = form.get("tipo")
    kind = raw_kind if isinstance(raw_kind, str) and raw_kind in KINDS else ""
    name = ""
    _forget(request, ctx)
    session.commit()  # the import's units of work are its own (see the module's docstring)
    try:
        if not kind:
            raise Invalid("Elija qué se importa (acuerdos, convenios, actividades…).")
        name, data = _upload(form, ctx)
        outcome = import_upload(
            ctx, actor=actor, clock=clock, kind=kind, data=data, filename=name, dry_run=True
        )
    except DomainError as exc:
        return _failed(request, viewer, exc, kind, name)
    kept = pending_imports.shelf(ctx.settings, ctx.sessions).keep(data)
    request.session[SESSION_KEY] = {
        "token": kept.token,
        "digest": kept.digest,
        "kind": kind,
        "filename": name,
    }
    return show(request, viewer, kind=kind, outcome=outcome, filename=name)


@router.post("/importar/aplicar")
def import_apply(
    request: Request,
    viewer: EditorViewer,
    actor: PageActor,
    form: CheckedForm,
    session: SessionDep,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    """Apply the file of the dry run this browser just saw, or nothing."""
    meta = request.session.get(SESSION_KEY)
    sent = form.get("referencia")
    if (
        not isinstance(meta, dict)
        or not isinstance(sent, str)
        or sent != meta.get("token")
        or meta.get("kind") not in KINDS
    ):
        return show(
            request,
            viewer,
            error="Ese resultado de prueba ya no es el vigente (se revisó otro archivo o ya se "
            "aplicó). Vuelva a subir el archivo.",
            status_code=409,
        )
    kind, name = str(meta["kind"]), str(meta["filename"])
    session.commit()  # as in `import_check`
    try:
        data = pending_imports.shelf(ctx.settings, ctx.sessions).take(
            pending_imports.Pending(token=sent, digest=str(meta["digest"]))
        )
        outcome = import_upload(
            ctx, actor=actor, clock=clock, kind=kind, data=data, filename=name, dry_run=False
        )
    except DomainError as exc:
        _forget(request, ctx)
        return _failed(request, viewer, exc, kind, name)
    _forget(request, ctx)
    for line in outcome.summary():
        flash(request, line)
    return RedirectResponse(LISTS.get(kind, "/importar"), status_code=303)
