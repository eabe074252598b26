"""A file import as the API and the pages run it: checked in a reading unit of work, applied in a
writing one (`check_then_import`), with the app's limits; a row someone changed meanwhile
refuses the whole file with a sentence instead of a 500."""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from api.context import AppContext
from workflow.engine.actors import Actor
from workflow.engine.errors import StaleVersion
from workflow.runtime.clock import Clock
from workflow.spreadsheets.file_rows import Limits
from workflow.spreadsheets.import_report import Outcome
from workflow.spreadsheets.importing import check_then_import


def import_upload(
    ctx: AppContext,
    *,
    actor: Actor,
    clock: Clock,
    kind: str,
    data: bytes,
    filename: str,
    dry_run: bool,
) -> Outcome:
    try:
        return check_then_import(
            reading=ctx.sessions,
            writing=ctx.writers,
            actor=actor,
            clock=clock,
            kind=kind,
            data=data,
            filename=filename,
            limits=Limits.of(ctx.settings),
            dry_run=dry_run,
        )
    except StaleDataError:
        raise StaleVersion(
            "Otra persona modificó registros del archivo mientras se importaba; no se "
            "importó nada. Vuelva a importarlo."
        ) from None
