"""Report commands: `seguimiento report MEETING_ID --format pdf|xlsx|html -o FILE` (SPEC §7)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands.core import work
from api.reports import formats
from api.reports.formats import ReportFormat
from workflow.reports import followup
from workflow.runtime.clock import Clock
from workflow.runtime.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add `report` to the `seguimiento` app."""
    app.command("report")(report)


def report(
    meeting_id: Annotated[int, typer.Argument(help="Id de la sesión (véase GET /api/v1/meetings)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Archivo que se escribe")],
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="pdf, xlsx, html o json; por omisión, la extensión"),
    ] = None,
) -> None:
    """Escribe el informe de seguimiento de acuerdos de una sesión."""
    fmt = format or _from_suffix(output)
    settings = get_settings()
    with work(code=2) as session:
        data = followup.build(session=session, meeting_id=meeting_id, tz=settings.tz)
        rendered = formats.followup(
            data,
            fmt,
            institution=settings.institution_name,
            tz=settings.tz,
            today=Clock(tz=settings.tz).today(),
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(rendered.content)
    size = len(rendered.content)
    typer.echo(f"Informe de {data.header.meeting_key} ({fmt.value}, {size} bytes): {output}")


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
