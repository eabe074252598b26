"""Check a whole file before anything is written, collecting every problem with its row.

The result is a plan: for each row, the record it creates or updates, the plain fields that
change, the lifecycle events that bring it to the state the file gives, and the progress to
record. A file with any problem is refused as a whole (`ImportRefused`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from states.dates_es import counted
from states.roles import Role
from workflow.directory.unit_fields import ADMIN_ONLY
from workflow.engine.actors import Actor
from workflow.spreadsheets import references
from workflow.spreadsheets.cell_values import Cell, CellError, normalise, text
from workflow.spreadsheets.columns import Kind
from workflow.spreadsheets.file_rows import Table
from workflow.spreadsheets.import_report import ImportRefused, Problem
from workflow.spreadsheets.lifecycle_plan import plan_events
from workflow.spreadsheets.references import Lookups
from workflow.spreadsheets.row_plan import RowPlan

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no text column keeps: NUL (PostgreSQL refuses it) and the other C0 controls
(XLSX cannot hold them); tab and line breaks are text."""


@dataclass
class Plan:
    kind: Kind
    table: Table
    lookups: Lookups
    rows: list[RowPlan]
    ignored: list[str]


class _Check:
    """The problems found so far, and the file's own header for each column."""

    def __init__(self, kind: Kind, table: Table) -> None:
        self.kind = kind
        self.table = table
        self.problems: list[Problem] = []
        self.headers: dict[str, str] = {}
        self.failed: set[tuple[int, str]] = set()

    def header(self, name: str) -> str:
        return self.headers.get(name) or self.kind.column(name).header

    def add(
        self,
        row: int,
        name: str | None,
        message: str,
        expected: str | None = None,
        value: Cell = None,
    ) -> None:
        shown = None if value is None else str(value)
        if name:
            self.failed.add((row, name))
        column = self.header(name) if name else None
        self.problems.append(Problem(row, column, message, expected, shown))


def plan_import(
    *, session: Session, kind: Kind, table: Table, actor: Actor, today: date, filename: str
) -> Plan:
    """Validate every row of `table`; raise `ImportRefused` listing all problems, if any."""
    check = _Check(kind, table)
    index, ignored = _map_headers(check)
    if "key" not in index:
        raise ImportRefused(check.problems, filename)
    parsed = _parse_rows(check, index)
    convenio_keys = [
        v for _, vals in parsed for n in ("parent", "convenio") if isinstance(v := vals.get(n), str)
    ]
    lookups = references.load(
        session=session,
        kind=kind,
        keys=[vals["key"] for _, vals in parsed if "key" in vals],
        convenio_keys=convenio_keys,
    )
    _missing_columns(check, index, parsed, lookups)
    rows: list[RowPlan] = []
    seen: dict[str, int] = {}
    for number, vals in parsed:
        key = vals.get("key")
        if key is None:
            continue
        if key in seen:
            check.add(
                number,
                "key",
                f"la clave «{key}» ya aparece en la fila {seen[key]}",
                f"una sola fila por {kind.singular}",
                key,
            )
            continue
        seen[key] = number
        plan = RowPlan(row=number, key=key, values=vals, item=lookups.existing.get(key))
        _resolve(check, plan, lookups, seen)
        _diff(check, plan, index)
        _admin_fields(check, plan, actor)
        if kind.lifecycle is not None:
            for name, message, expected in plan_events(kind, plan, actor, today):
                check.add(number, name, message, expected)
        rows.append(plan)
    if check.problems:
        raise ImportRefused(check.problems, filename)
    return Plan(kind=kind, table=table, lookups=lookups, rows=rows, ignored=ignored)


def _map_headers(check: _Check) -> tuple[dict[str, int], list[str]]:
    kind, table = check.kind, check.table
    known = {normalise(a): c for c in kind.columns for a in (c.header, c.name, *c.aliases)}
    index: dict[str, int] = {}
    ignored: list[str] = []
    for position, header in enumerate(table.headers):
        column = known.get(normalise(header)) if header else None
        if column is None:
            if header or any(cells[position] is not None for _, cells in table.rows):
                ignored.append(header or f"(columna {position + 1} sin encabezado)")
        elif column.name in index:
            check.problems.append(
                Problem(
                    table.header_row,
                    header,
                    f"repite el dato de la columna «{table.headers[index[column.name]]}» "
                    f"({column.header})",
                    "una sola columna para cada dato",
                )
            )
        else:
            index[column.name] = position
            check.headers[column.name] = header
    if "key" not in index:
        key = kind.column("key")
        check.problems.append(
            Problem(
                table.header_row,
                None,
                "falta la columna «clave»",
                f"una columna «clave» con la clave de cada {kind.singular} (o «"
                + "», «".join(key.aliases[:3])
                + "»)",
            )
        )
    return index, ignored


def _parse_rows(check: _Check, index: dict[str, int]) -> list[tuple[int, dict[str, Any]]]:
    parsed = []
    width = len(check.table.headers)
    for number, cells in check.table.rows:
        if number in check.table.overflow:  # its cells are shifted: other problems are noise
            check.add(
                number,
                None,
                f"tiene {check.table.overflow[number]} celdas y el encabezado {width}; "
                "quizá un texto con el separador sin comillas",
                "tantas celdas como encabezados",
            )
            continue
        vals: dict[str, Any] = {}
        for name, position in index.items():
            column = check.kind.column(name)
            cell = cells[position]
            if column.role == "derived" or text(cell) is None:
                continue
            if isinstance(cell, str) and (control := CONTROL.search(cell)):
                check.add(
                    number,
                    name,
                    f"contiene un carácter de control (U+{ord(control.group()):04X}) que no se "
                    "puede guardar",
                    "texto sin caracteres de control (bórrelo o vuelva a escribir la celda)",
                )
                continue
            try:
                value = column.read(cell)
            except CellError as exc:
                check.add(number, name, exc.message, exc.expected, cell)
                continue
            if column.max_length and isinstance(value, str) and len(value) > column.max_length:
                check.add(
                    number,
                    name,
                    f"tiene {counted(len(value), 'carácter', 'caracteres')}",
                    f"a lo más {column.max_length}",
                )
                continue
            vals[name] = value
        if "key" not in vals and text(cells[index["key"]]) is None:
            check.add(number, "key", "está vacía", f"la clave del {check.kind.singular}")
        parsed.append((number, vals))
    return parsed


def _missing_columns(
    check: _Check, index: dict[str, int], parsed: list[tuple[int, dict[str, Any]]], lookups: Lookups
) -> None:
    """A column needed to create records is absent while some rows create: say it once."""
    new_rows = [n for n, vals in parsed if vals.get("key") not in lookups.existing]
    if not new_rows:
        return
    shown = ", ".join(str(n) for n in new_rows[:10]) + ("…" if len(new_rows) > 10 else "")
    for column in check.kind.columns:
        if column.create and column.name not in index:
            check.problems.append(
                Problem(
                    check.table.header_row,
                    None,
                    f"falta la columna «{column.header}»",
                    f"esa columna, necesaria para crear los registros nuevos (filas {shown})",
                )
            )


def _resolve(check: _Check, plan: RowPlan, lookups: Lookups, seen: dict[str, int]) -> None:
    """Codes and keys the row names become the registered ones; unknown ones are problems."""
    for name, error, value in lookups.resolve(plan.values, plan.row, plan.key, plan.item, seen):
        check.add(plan.row, name, error.message, error.expected, _shown(value))


def _shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _diff(check: _Check, plan: RowPlan, index: dict[str, int]) -> None:
    """Plain changes; fixed fields that differ and missing data for new records are problems."""
    kind = check.kind
    for column in kind.columns:
        value = plan.values.get(column.name, _ABSENT)
        if plan.item is None:
            if (plan.row, column.name) in check.failed:
                continue
            if value is _ABSENT and column.create and column.name in index:
                check.add(
                    plan.row,
                    column.name,
                    f"está vacía y «{plan.key}» no existe: se crearía",
                    f"el dato «{column.header}» para crear el {kind.singular}",
                )
            elif value is not _ABSENT and column.role == "set":
                plan.changes[column.name] = value
            continue
        if value is _ABSENT or column.get is None or column.role in ("key", "context"):
            continue
        current = column.get(plan.item)
        if value == current:
            continue
        if column.role == "set":
            plan.changes[column.name] = value
        elif column.role == "fixed":
            check.add(
                plan.row,
                column.name,
                f"no se puede cambiar en un {kind.singular} ya registrado "
                f"(registrado: «{_shown(current) if current is not None else 'vacío'}»)",
                "el valor registrado, o dejar la celda vacía",
                _shown(value),
            )
    if plan.item is None:
        for rule in CREATION_RULES.get(check.kind.name, ()):
            rule(check, plan)


_ABSENT = object()


def _admin_fields(check: _Check, plan: RowPlan, actor: Actor) -> None:
    """A Teams webhook or standing agenda items are set by an admin only, as by `PATCH`."""
    if actor.role == Role.admin:
        return
    for name in sorted(ADMIN_ONLY & set(plan.changes)):
        check.add(
            plan.row,
            name,
            "solo la administración puede cambiar este dato",
            "la celda vacía o el valor registrado",
        )


def _annex_has_parent(check: _Check, plan: RowPlan) -> None:
    vals = plan.values
    if vals.get("kind") in ("anexo", "adenda") and "parent" not in vals:
        check.add(
            plan.row,
            "parent",
            f"un {vals['kind']} necesita su convenio padre",
            "la clave del convenio padre",
        )


def _activity_has_one_owner(check: _Check, plan: RowPlan) -> None:
    vals = plan.values
    named = {n for n in ("convenio", "organ") if n in vals or (plan.row, n) in check.failed}
    if len(named) != 1:
        check.add(
            plan.row,
            "convenio",
            "una actividad nueva pertenece a un convenio o al programa de un órgano",
            "la clave del convenio o la del órgano, una sola",
        )


CREATION_RULES: dict[str, tuple[Callable[[_Check, RowPlan], None], ...]] = {
    "convenios": (_annex_has_parent,),
    "activities": (_activity_has_one_owner,),
}
"""Rules the create functions of a kind enforce, checked here for every new row at once."""
