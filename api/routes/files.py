"""Evidence files as downloads, for the API and the pages alike."""

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from api.deps import ActorDep, SessionDep, SettingsDep
from api.routes.items import ERRORS
from api.schemas.common import RowId
from workflow.engine import evidence, file_store
from workflow.engine.errors import NotFound
from workflow.runtime.settings import Settings

router = APIRouter(responses=ERRORS)


@router.get("/api/v1/files/{file_id}", tags=["evidencias"], response_class=FileResponse)
def get_file(file_id: RowId, session: SessionDep, actor: ActorDep, settings: SettingsDep) -> Any:
    """An evidence file; every signed-in role may read every item (SPEC §3)."""
    return evidence_download(session=session, settings=settings, file_id=file_id)


def evidence_download(*, session: Session, settings: Settings, file_id: int) -> Response:
    """The stored file as a download (never rendered inline), for the API and the pages, from
    whichever store the settings name (a folder, streamed; or the database)."""
    row = evidence.get(session=session, file_id=file_id)
    found = file_store.of(settings).read(session, row.stored_name)
    if found is None:
        raise NotFound(f"El archivo {row.filename} ya no está en el almacenamiento.")
    headers = {"X-Content-Type-Options": "nosniff"}
    if isinstance(found, bytes):
        disposition = f"attachment; filename*=utf-8''{quote(row.filename)}"
        return Response(
            found,
            media_type=row.content_type,
            headers={**headers, "Content-Disposition": disposition, "ETag": f'"{row.sha256}"'},
        )
    return FileResponse(
        found,
        media_type=row.content_type,
        filename=row.filename,
        content_disposition_type="attachment",
        headers=headers,
    )
