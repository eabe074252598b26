"""Reports as XLSX (openpyxl): a sheet per section, bold frozen headers, real dates, overdue rows
filled red, so the secretariat can filter and sort what it used to keep by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from states.dates_es import counted
from states.kinds import KINDS
from workflow.reports.convenio_progress import ProgressReport
from workflow.reports.followup import FollowupReport, Section
from workflow.reports.rows import Action
from workflow.spreadsheets.cells import fill

HEADER_FILL = PatternFill("solid", fgColor="ECE6F1")
OVERDUE_FILL = PatternFill("solid", fgColor="FDECEC")
OVERDUE_FONT = Font(bold=True, color="B00020")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    kind: Literal["text", "date", "number"] = "text"


@dataclass(frozen=True)
class Row:
    values: Sequence[Any]
    overdue: bool = False


def _actions(actions: Sequence[Action], tz: ZoneInfo) -> str:
    return "\n".join(
        f"{a.at.astimezone(tz):%d/%m/%Y} {a.text}" + (f" ({a.by})" if a.by else "") for a in actions
    )


def _yes(flag: bool) -> str:
    return "Sí" if flag else "No"


def _table(ws: Worksheet, columns: Sequence[Column], rows: Sequence[Row], first_row: int) -> None:
    for index, column in enumerate(columns, start=1):
        cell = fill(ws.cell(row=first_row, column=index), column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for offset, row in enumerate(rows, start=1):
        for index, (column, value) in enumerate(zip(columns, row.values, strict=True), start=1):
            cell = fill(ws.cell(row=first_row + offset, column=index), value)
            cell.alignment = WRAP
            if row.overdue:
                cell.fill = OVERDUE_FILL
                if column.header == "Vencido":
                    cell.font = OVERDUE_FONT
    last = get_column_letter(len(columns))
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
    ws.auto_filter.ref = f"A{first_row}:{last}{first_row + max(len(rows), 1)}"


ITEM_COLUMNS = [
    Column("Clave", 20),
    Column("Tipo", 11),
    Column("Sesión", 16),
    Column("Asunto", 45),
    Column("Texto", 60),
    Column("Áreas responsables", 18),
    Column("Plazo", 12, "date"),
    Column("Estado", 22),
    Column("Avance (%)", 10, "number"),
    Column("Vencido", 9),
    Column("Acciones realizadas", 70),
]


def _item_sheet(wb: Workbook, name: str, section: Section, tz: ZoneInfo) -> None:
    ws = wb.create_sheet(name)
    rows = [
        Row(
            [
                r.key,
                r.kind_label,
                r.meeting or "",
                r.title,
                r.text,
                ", ".join(r.areas),
                r.deadline or KINDS[r.kind].without_deadline,
                r.state_label,
                r.progress,
                _yes(r.overdue),
                _actions(r.actions, tz),
            ],
            r.overdue,
        )
        for r in section.rows
    ]
    _table(ws, ITEM_COLUMNS, rows, first_row=1)


def _summary_sheet(ws: Worksheet, lines: Sequence[tuple[str, Any]]) -> None:
    ws.title = "Resumen"
    ws.column_dimensions["A"].width = 62
    ws.column_dimensions["B"].width = 90
    for index, (label, value) in enumerate(lines, start=1):
        fill(ws.cell(row=index, column=1), label).font = Font(bold=True)
        cell = fill(ws.cell(row=index, column=2), value)
        cell.alignment = WRAP


def followup_workbook(report: FollowupReport, *, institution: str, tz: ZoneInfo) -> bytes:
    wb = Workbook()
    h = report.header
    lines: list[tuple[str, Any]] = [
        ("Institución", institution),
        ("Órgano", f"{h.organ_name} ({h.organ})"),
        ("Sesión", f"{h.session_name} ({h.meeting_key})"),
        ("Fecha de la sesión", h.date),
        ("Informe", report.title),
        ("Situación al", report.as_of),
        ("", ""),
    ]
    for section in report.sections:
        tally = f"{counted(len(section.rows), 'asunto')}; {counted(section.overdue, 'vencido')}"
        lines.append((section.title, tally))
        lines += [(f"    {c.label}", c.count) for c in section.counts]
    lines.append((report.convenios.title, counted(report.convenios.total, "convenio")))
    lines += [(f"    {g.title}", g.count) for g in report.convenios.groups]
    _summary_sheet(wb.active, lines)
    _item_sheet(wb, "Acuerdos sesión anterior", report.approved, tz)
    _item_sheet(wb, "Acuerdos anteriores abiertos", report.still_open, tz)
    _item_sheet(wb, "Temas relevantes", report.relevant, tz)
    ws = wb.create_sheet("Convenios")
    columns = [
        Column("Apartado", 30),
        Column("Clave", 20),
        Column("Convenio", 50),
        Column("Tipo", 18),
        Column("Contraparte", 30),
        Column("Áreas responsables", 18),
        Column("Suscripción", 12, "date"),
        Column("Inicio de vigencia", 12, "date"),
        Column("Fin de vigencia", 12, "date"),
        Column("Estado", 22),
        Column("Por vencer", 10),
        Column("Vencido", 9),
        Column("Acciones realizadas", 60),
    ]
    rows = [
        Row(
            [
                g.title,
                c.key,
                c.title,
                c.convenio_kind_label,
                "; ".join(c.counterparts),
                ", ".join(c.areas),
                c.signed_on,
                c.valid_from,
                c.valid_until,
                c.state_label,
                _yes(c.expires_soon),
                _yes(c.overdue),
                _actions(c.actions, tz),
            ],
            c.overdue,
        )
        for g in report.convenios.groups
        for c in g.rows
    ]
    _table(ws, columns, rows, first_row=1)
    return _bytes(wb)


def progress_workbook(report: ProgressReport, *, institution: str, tz: ZoneInfo) -> bytes:
    wb = Workbook()
    lines: list[tuple[str, Any]] = [
        ("Institución", institution),
        ("Informe", report.title),
        ("Fecha de corte", report.cut_off),
        ("Corte del informe anterior", report.previous_cut_off or "—"),
        ("Convenio", f"{report.convenio.title} ({report.convenio.key})"),
        ("Contraparte", "; ".join(report.counterparts)),
        ("Avance promedio (%)", report.average_progress),
        ("Actividades vencidas", report.overdue),
    ]
    lines += [(f"    {c.label}", c.count) for c in report.counts]
    _summary_sheet(wb.active, lines)
    ws = wb.create_sheet("Actividades")
    columns = [
        Column("Clave", 24),
        Column("Instrumento", 20),
        Column("Actividad", 55),
        Column("Área", 12),
        Column("Fecha compromiso", 12, "date"),
        Column("Estado", 16),
        Column("Avance (%)", 10, "number"),
        Column("Vencido", 9),
        Column("Cambió desde el informe anterior", 14),
        Column("Acciones realizadas", 60),
    ]
    rows = [
        Row(
            [
                a.key,
                a.instrument,
                a.title,
                a.area,
                a.due_date,
                a.state_label,
                a.progress,
                _yes(a.overdue),
                _yes(a.changed),
                _actions(a.actions, tz),
            ],
            a.overdue,
        )
        for a in report.activities
    ]
    _table(ws, columns, rows, first_row=1)
    return _bytes(wb)


def _bytes(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
