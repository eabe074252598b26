"""Report commands: `seguimiento report MEETING_ID --format pdf|xlsx|html -o FILE` (SPEC §7): the
draft (`--as-of` a cut-off), or with `--issued N` the stored bytes of an issued version (§6a)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from api.commands.core import fail, work
from api.reports import formats
from api.reports.formats import ReportFormat
from api.reports.letterhead import Letterhead
from workflow.reports import issued
from workflow.runtime.clock import Clock
from workflow.runtime.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add `report` to the `seguimiento` app."""
    app.command("report")(report)


def report(
    meeting_id: Annotated[int, typer.Argument(help="Id de la sesión (véase GET /api/v1/meetings)")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Archivo que se escribe; por omisión, su nombre aquí"),
    ] = None,
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="pdf, xlsx, html o json; por omisión, la extensión"),
    ] = None,
    issued_number: Annotated[
        int | None,
        typer.Option("--issued", min=1, help="Número de una versión emitida: sus bytes guardados"),
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Fecha de corte del borrador"),
    ] = None,
) -> None:
    """Escribe el informe de seguimiento de acuerdos de una sesión (el borrador, o una versión
    emitida con --issued)."""
    fmt = format or (_from_suffix(output) if output else ReportFormat.pdf)
    settings = get_settings()
    if issued_number is not None and as_of is not None:
        raise fail(
            "--as-of es para el borrador: una versión emitida ya tiene su fecha de corte.", 2
        )
    with work(code=2) as session:
        if issued_number is not None:
            if fmt is ReportFormat.html:
                raise fail("Una versión emitida se guarda en pdf, xlsx y json; no en html.", 2)
            record = issued.get(session=session, meeting_id=meeting_id, number=issued_number)
            content, _ = issued.stored_file(record, fmt.value)
            what = f"Versión emitida {record.number}/{record.year} de {record.meeting.key}"
            filename = issued.file_name(record, fmt.value)
        else:
            data = issued.draft(
                session=session,
                meeting_id=meeting_id,
                tz=settings.tz,
                as_of=as_of.date() if as_of else None,
            )
            rendered = formats.followup(
                data,
                fmt,
                institution=settings.institution_name,
                tz=settings.tz,
                today=Clock(tz=settings.tz).today(),
                letterhead=Letterhead.of(settings),
            )
            content, filename = rendered.content, rendered.filename
            what = f"Informe de {data.header.meeting_key}"
    target = output or Path(filename)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    typer.echo(f"{what} ({fmt.value}, {len(content)} bytes): {target}")


def _from_suffix(output: Path) -> ReportFormat:
    try:
        return ReportFormat(output.suffix.lstrip(".").lower())
    except ValueError:
        typer.secho(
            "Error: indique --format (pdf, xlsx, html o json) o use una de esas extensiones.",
            err=True,
            fg=typer.colors.RED,
        )
        raise typer.Exit(2) from None
