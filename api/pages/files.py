"""`/archivos/{id}`: an evidence file for a signed-in person (the page counterpart of
`GET /api/v1/files/{id}`, which wants a token). Always a download, never rendered inline, so an
uploaded file cannot run as a page of this site."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.deps import SessionDep, SettingsDep
from api.pages.viewer import SignedInViewer
from api.schemas.common import RowId
from workflow import evidence
from workflow.errors import NotFound

router = APIRouter(include_in_schema=False)


@router.get("/archivos/{file_id}")
def evidence_file(
    file_id: RowId, session: SessionDep, viewer: SignedInViewer, settings: SettingsDep
) -> FileResponse:
    row = evidence.get(session=session, file_id=file_id)
    path = Path(settings.files_dir) / row.stored_name
    if not path.is_file():
        raise NotFound(f"El archivo {row.filename} ya no está en el almacenamiento.")
    return FileResponse(
        path,
        media_type=row.content_type,
        filename=row.filename,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff"},
    )
