"""A spreadsheet (an export, an import template) answered as a file to save, for the API and
the pages alike."""

from __future__ import annotations

from fastapi import Response

from workflow.spreadsheets.exporting import Export


def attachment(done: Export) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{done.filename}"'}
    return Response(content=done.content, media_type=done.media_type, headers=headers)
