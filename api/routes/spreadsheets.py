"""`/api/v1/{kind}/import` and `/export`, and the transparency format of signed convenios.

Declared before the item routers in `api.app`, so `/api/v1/agreements/export` is this route
and not `/api/v1/agreements/{item_id}` with «export» as an id.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Response, UploadFile

from api.context import AppContext
from api.deps import ActorDep, ClockDep, SessionDep, context
from api.downloads import attachment
from api.file_import import import_upload
from api.gates import EDITORS
from api.routes.items import ERRORS
from api.schemas.filters import ExportQuery, filters_from
from api.schemas.spreadsheets import ImportRead, ImportRefusedBody
from workflow.items.listing import Filters
from workflow.runtime.settings import Settings
from workflow.spreadsheets import transparency
from workflow.spreadsheets.columns import KINDS, Kind
from workflow.spreadsheets.exporting import export
from workflow.spreadsheets.file_writers import FORMATS

router = APIRouter(prefix="/api/v1", tags=["importar y exportar"], responses=ERRORS)


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


FiltersDep = Annotated[Filters, filters_from(ExportQuery)]
FormatQuery = Annotated[ExportFormat, Query(alias="format", description="csv, xlsx o json")]
MEDIA: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {} for media in FORMATS.values()}}
}


def _read_upload(upload: UploadFile, settings: Settings) -> bytes:
    """The file; `api.body_limit` has already refused a larger body before it was read."""
    cap = settings.import_max_mb * 1024 * 1024
    data = upload.file.read(cap + 1)
    if len(data) > cap:
        raise HTTPException(
            413,
            f"El archivo pasa de {settings.import_max_mb} MB: divídalo, o impórtelo con "
            "«seguimiento import» en el servidor.",
        )
    return data


def _routes(kind: Kind) -> None:
    @router.post(
        f"/{kind.name}/import",
        response_model=ImportRead,
        summary=f"Importar {kind.label} desde CSV o XLSX (todo o nada)",
        responses={422: {"model": ImportRefusedBody}},
        dependencies=[EDITORS],
    )
    def import_kind(
        file: Annotated[UploadFile, File(description="CSV (UTF-8 o Windows-1252) o XLSX")],
        ctx: Annotated[AppContext, Depends(context)],
        actor: ActorDep,
        clock: ClockDep,
        dry_run: Annotated[bool, Form(description="Validar y contar sin escribir")] = False,
        dry_run_query: Annotated[bool, Query(alias="dry_run")] = False,
    ) -> Any:
        """Validated in a reading transaction, then applied in a writing one (so a long or
        refused file does not make other writers wait)."""
        outcome = import_upload(
            ctx,
            actor=actor,
            clock=clock,
            kind=kind.name,
            data=_read_upload(file, ctx.settings),
            filename=file.filename or "archivo",
            dry_run=dry_run or dry_run_query,
        )
        return outcome.as_dict()

    @router.get(
        f"/{kind.name}/export",
        response_class=Response,
        responses=MEDIA,
        summary=f"Exportar {kind.label} (CSV, XLSX o JSON) con los filtros de la lista",
    )
    def export_kind(
        session: SessionDep,
        actor: ActorDep,
        clock: ClockDep,
        filters: FiltersDep,
        fmt: FormatQuery = ExportFormat.csv,
    ) -> Response:
        done = export(session=session, kind=kind.name, fmt=fmt.value, filters=filters, clock=clock)
        return attachment(done)


for _kind in KINDS.values():
    _routes(_kind)


@router.get(
    "/convenios/transparency",
    response_class=Response,
    responses=MEDIA,
    summary="Convenios suscritos en el formato de transparencia",
)
def export_transparency(
    session: SessionDep,
    actor: ActorDep,
    clock: ClockDep,
    filters: FiltersDep,
    fmt: FormatQuery = ExportFormat.csv,
    year: Annotated[
        str | None, Query(max_length=10, description="Ejercicio (año); por omisión, el actual")
    ] = None,
    quarter: Annotated[
        str | None, Query(max_length=10, description="Trimestre 1–4; por omisión, el actual")
    ] = None,
) -> Response:
    """The convenios signed in the quarter chosen, in the layout of article 70, fracción XXXIII."""
    done = export(
        session=session,
        kind="convenios",
        fmt=fmt.value,
        filters=filters,
        clock=clock,
        transparency_format=True,
        period=transparency.Period.chosen(year, quarter, today=clock.today()),
    )
    return attachment(done)
