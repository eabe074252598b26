"""Evidence files as downloads, for the API and the pages alike."""

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from api.deps import ActorDep, SessionDep, SettingsDep
from api.routes.items import ERRORS
from api.schemas.common import RowId
from workflow.engine import evidence
from workflow.engine.errors import NotFound
from workflow.runtime.settings import Settings

router = APIRouter(responses=ERRORS)


@router.get("/api/v1/files/{file_id}", tags=["evidencias"], response_class=FileResponse)
def get_file(file_id: RowId, session: SessionDep, actor: ActorDep, settings: SettingsDep) -> Any:
    """An evidence file; every signed-in role may read every item (SPEC §3)."""
    return evidence_download(session=session, settings=settings, file_id=file_id)


def evidence_download(*, session: Session, settings: Settings, file_id: int) -> FileResponse:
    """The stored file as a download (never rendered inline), for the API and the pages."""
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
