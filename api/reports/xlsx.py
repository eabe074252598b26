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

from api.reports.letterhead import Letterhead
from states.dates_es import counted, long_date
from states.kinds import KINDS
from workflow.reports.convenio_progress import ProgressReport
from workflow.reports.followup import FollowupReport, Section
from workflow.reports.rows import Action, ItemRow
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


def _actions(actions: Sequence[Action]) -> str:
    """One line per action, each already a dated sentence."""
    return "\n".join(a.text for a in actions)


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


def form_columns(title: str, deadline: str = "Plazo") -> list[Column]:
    """The commission's form (SPEC §6a), as on paper; the title and the text of an item in
    cells of their own, and progress and overdue, to filter by."""
    return [
        Column("No.", 6, "number"),
        Column("Clave", 20),
        Column(title, 45),
        Column("Texto", 60),
        Column("Área responsable", 18),
        Column(deadline, 12, "date"),
        Column("Estado", 22),
        Column("Avance (%)", 10, "number"),
        Column("Vencido", 9),
        Column("Acciones realizadas", 70),
        Column("Observaciones", 40),
    ]


def _form_row(r: ItemRow) -> Row:
    return Row(
        [
            r.number,
            r.key,
            r.title,
            r.text,
            ", ".join(r.areas),
            r.deadline or KINDS[r.kind].without_deadline,
            r.state_label,
            r.progress,
            _yes(r.overdue),
            _actions(r.actions),
            r.observation,
        ],
        r.overdue,
    )


def _item_sheet(wb: Workbook, name: str, section: Section, title: str = "Acuerdo") -> None:
    ws = wb.create_sheet(name)
    _table(ws, form_columns(title), [_form_row(r) for r in section.rows], first_row=1)


def _summary_sheet(ws: Worksheet, lines: Sequence[tuple[str, Any]]) -> None:
    ws.title = "Resumen"
    ws.column_dimensions["A"].width = 62
    ws.column_dimensions["B"].width = 90
    for index, (label, value) in enumerate(lines, start=1):
        fill(ws.cell(row=index, column=1), label).font = Font(bold=True)
        cell = fill(ws.cell(row=index, column=2), value)
        cell.alignment = WRAP


def followup_workbook(
    report: FollowupReport,
    *,
    institution: str,
    tz: ZoneInfo,
    letterhead: Letterhead | None = None,
) -> bytes:
    """The same agenda, sections and columns as the PDF: a summary sheet (points 1, 4.1 and 5
    and the counts), then a sheet per table, numbers as numbers and dates as Excel dates."""
    wb = Workbook()
    h = report.header
    head = letterhead or Letterhead(institution=institution)
    lines: list[tuple[str, Any]] = [
        ("Institución", head.institution),
        ("Órgano", f"{h.organ_name} ({h.organ})"),
        ("Sesión", f"{h.session_name} ({h.meeting_key})"),
        ("Fecha de la sesión", h.date),
        ("Informe", report.title),
        ("Situación al (fecha de corte)", report.as_of),
        ("Versión", report.edition.label if report.edition else "Borrador"),
        *([("Fecha de emisión", report.edition.issued_on)] if report.edition else []),
        ("", ""),
        ("1. Aprobación de la minuta de la sesión anterior", ""),
    ]
    lines += [
        (f"    {m.session_name} ({m.meeting_key})", m.state_label) for m in report.minutes
    ] or [("    Sin sesión anterior", "")]
    lines.append(("2. Seguimiento de acuerdos y temas relevantes en proceso de cumplimiento", ""))
    for index, section in enumerate([*report.agreement_sections, report.relevant], start=1):
        lines.append(
            (
                f"2.{index} {section.title}",
                f"{counted(len(section.rows), 'asunto')}; {counted(section.overdue, 'vencido')}",
            )
        )
        lines += [(f"    {c.label}", c.count) for c in section.counts]
    lines.append((f"3. {report.convenios.title}", counted(report.convenios.total, "convenio")))
    lines += [(f"    {c.label}", c.count) for c in report.convenios.by_state if c.count]
    lines.append(("4. Informes sobre el cumplimiento de actividades", ""))
    lines.append(("4.1 Informes de avance de convenios", len(report.reports_due)))
    lines += [
        (
            f"    {d.title} ({d.convenio_key})",
            f"corte al {long_date(d.cut_off)}" if d.cut_off else "por emitir al corte",
        )
        for d in report.reports_due
    ]
    lines.append(
        (f"4.2 {report.programme.title}", counted(len(report.programme.rows), "actividad"))
    )
    lines += [(f"    {c.label}", c.count) for c in report.programme.counts]
    lines.append(("5. Asuntos generales", "" if report.general_matters else "Sin asuntos"))
    lines += [("    " + t, "") for t in report.general_matters]
    lines += [("", ""), ("Firma", head.signer), ("Cargo", head.signer_post)]
    _summary_sheet(wb.active, lines)
    _item_sheet(wb, "2.1 Acuerdos sesión anterior", report.approved)
    _item_sheet(wb, "2.2 Acuerdos en proceso", report.still_open)
    _item_sheet(wb, "2.3 Acuerdos concluidos", report.closed)
    _item_sheet(wb, "2.4 Temas relevantes", report.relevant, "Asunto")
    ws = wb.create_sheet("3 Convenios")
    columns = [
        Column("Apartado", 30),
        *form_columns("Convenio", "Fin de vigencia")[:6],
        Column("Inicio de vigencia", 12, "date"),
        Column("Suscripción", 12, "date"),
        *form_columns("Convenio")[6:],
    ]
    rows = [
        Row(
            [
                g.title,
                *_form_row(c).values[:6],
                c.valid_from,
                c.signed_on,
                *_form_row(c).values[6:],
            ],
            c.overdue,
        )
        for g in report.convenios.groups
        for c in g.rows
    ]
    _table(ws, columns, rows, first_row=1)
    _item_sheet(wb, "4.2 Programa de trabajo", report.programme, "Actividad")
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
                _actions(a.actions),
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
