"""`/acuerdos/exportar`, `/convenios/exportar`, `/actividades/exportar`: a list as CSV or XLSX,
with the filters the person chose on it, for the browser's signed-in session (a browser sends
no API token). Same service and same columns as `GET /api/v1/{kind}/export`.

`/convenios/transparencia`: the convenios signed in the quarter chosen on the list's form, in
the transparency portals' layout (`GET /api/v1/convenios/transparency`).

Registered before the item pages, so «exportar» is this route and not an item's id.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ClockDep, SessionDep
from api.downloads import attachment
from api.pages.lists import list_filters
from api.pages.paging import EXPORT_FORMATS
from api.pages.viewer import SignedInViewer
from states.kinds import KINDS
from workflow.engine.errors import Invalid
from workflow.spreadsheets.exporting import export
from workflow.spreadsheets.transparency import Period

router = APIRouter(include_in_schema=False)

LISTS = {f"/{k.slug}": k.api_plural for k in KINDS.values()}
"""The list pages that export, and what they list."""


def _route(path: str, kind: str) -> None:
    @router.get(f"{path}/exportar", name=f"export_{kind}")
    def export_list(
        request: Request, session: SessionDep, viewer: SignedInViewer, clock: ClockDep
    ) -> Response:
        filters, _ = list_filters(request, kind)
        done = export(
            session=session, kind=kind, fmt=_format(request), filters=filters, clock=clock
        )
        return attachment(done)


def _format(request: Request) -> str:
    fmt = request.query_params.get("formato", "csv")
    if fmt not in EXPORT_FORMATS:
        raise Invalid("Elija el formato del archivo: CSV o XLSX.", field="formato")
    return fmt


@router.get("/convenios/transparencia", name="export_transparency")
def export_transparency(
    request: Request, session: SessionDep, viewer: SignedInViewer, clock: ClockDep
) -> Response:
    fmt = _format(request)
    period = Period.chosen(
        request.query_params.get("ejercicio"),
        request.query_params.get("trimestre"),
        today=clock.today(),
    )
    filters, _ = list_filters(request, "convenios")
    done = export(
        session=session,
        kind="convenios",
        fmt=fmt,
        filters=filters,
        clock=clock,
        transparency_format=True,
        period=period,
    )
    return attachment(done)


for _path, _kind in LISTS.items():
    _route(_path, _kind)
