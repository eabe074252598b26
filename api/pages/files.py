"""`/archivos/{id}`: an evidence file for a signed-in person (the page counterpart of
`GET /api/v1/files/{id}`, which wants a token). Always a download, never rendered inline, so an
uploaded file cannot run as a page of this site."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import SessionDep, SettingsDep
from api.pages.viewer import SignedInViewer
from api.routes.files import evidence_download
from api.schemas.common import RowId

router = APIRouter(include_in_schema=False)


@router.get("/archivos/{file_id}")
def evidence_file(
    file_id: RowId, session: SessionDep, viewer: SignedInViewer, settings: SettingsDep
) -> Response:
    return evidence_download(session=session, settings=settings, file_id=file_id)
