"""Import a file: read it, validate all of it, then carry out the plan in the caller's transaction.

Every state change goes through `workflow.engine.fire.fire` with an import actor, so each item's
history says it came from a file and who imported it («Importación de archivo por …») with
the file's name and row in the note. New records are built in chunks and flushed together, so
10^5 rows cost a few thousand statements per chunk rather than a handful per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from states import EventSpec, Role, may_fire
from workflow.engine import progress
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import DomainError
from workflow.engine.events import record
from workflow.engine.fire import fire
from workflow.items import meetings
from workflow.items.kinds import Tracked, stored
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work
from workflow.spreadsheets.columns import KINDS, Kind
from workflow.spreadsheets.file_rows import Limits, Table, TooLarge, Unreadable, read_table
from workflow.spreadsheets.import_report import FILE_ROW, ImportRefused, Outcome, Problem, RowChange
from workflow.spreadsheets.new_records import BUILDERS, SETTERS, plain
from workflow.spreadsheets.references import Lookups
from workflow.spreadsheets.row_plan import RowPlan
from workflow.spreadsheets.validation import Plan, plan_import

CHUNK = 500
Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) as the import advances; the CLI draws a bar with it."""


def import_file(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    kind: str,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    on_progress: Progress | None = None,
    limits: Limits | None = None,
    table: Table | None = None,
) -> Outcome:
    """Import every row of a CSV or XLSX file, or none: any problem refuses the whole file.

    A dry run does all of it inside a savepoint that is rolled back, so it reports exactly
    what the real import would do, and writes nothing. `table` is the file as
    `check_then_import` already read it, so it is not read twice.
    """
    plan = _check(session, actor, clock, kind, data, filename, limits, table)
    savepoint = session.begin_nested() if dry_run else None
    try:
        return _apply(session, plan, actor, clock, filename, dry_run, on_progress)
    finally:
        if savepoint is not None:
            savepoint.rollback()


def read_file(data: bytes, *, filename: str, limits: Limits | None = None) -> Table:
    """The file's rows, or `ImportRefused` saying why it cannot be read or where it is too big."""
    try:
        return read_table(data, limits)
    except TooLarge as exc:
        problem = Problem(exc.row, exc.column, exc.message, exc.expected)
        raise ImportRefused([problem], filename) from None
    except Unreadable as exc:
        raise ImportRefused([Problem(FILE_ROW, None, str(exc))], filename) from None


def check_then_import(
    *,
    reading: sessionmaker[Session],
    writing: sessionmaker[Session],
    actor: Actor,
    clock: Clock,
    kind: str,
    data: bytes,
    filename: str,
    limits: Limits,
    dry_run: bool = False,
    on_progress: Progress | None = None,
) -> Outcome:
    """The whole import as two units of work, for the API and the CLI: every row is read and
    checked in a reading transaction, then the file is applied in a writing one.

    On SQLite a writing transaction holds the database's only write lock from its first
    statement; checking first, without it, keeps a long or refused file from making every
    other writer wait: they wait only while a good file is applied.
    """
    with unit_of_work(reading) as session:
        # Only reads, so on SQLite it runs in a deferred transaction that holds no write lock:
        # a refused file never makes other writers wait (`import_file` checks it again
        # against what it will change).
        table = _check(session, actor, clock, kind, data, filename, limits).table
    with unit_of_work(writing) as session:
        return import_file(
            session=session,
            actor=actor,
            clock=clock,
            kind=kind,
            data=data,
            filename=filename,
            dry_run=dry_run,
            on_progress=on_progress,
            limits=limits,
            table=table,
        )


def _check(
    session: Session,
    actor: Actor,
    clock: Clock,
    kind: str,
    data: bytes,
    filename: str,
    limits: Limits | None,
    table: Table | None = None,
) -> Plan:
    """Read (unless `table` is the file already read) and validate the whole file without
    writing: `ImportRefused` if any row is wrong."""
    require_editor(actor)
    if table is None:
        table = read_file(data, filename=filename, limits=limits)
    return plan_import(
        session=session,
        kind=KINDS[kind],
        table=table,
        actor=actor,
        today=clock.today(),
        filename=filename,
    )


def import_actor(actor: Actor) -> Actor:
    """The person who runs the import, named so the history shows it came from a file."""
    return replace(actor, label=f"Importación de archivo por {actor.label}")


def _apply(
    session: Session,
    plan: Plan,
    actor: Actor,
    clock: Clock,
    filename: str,
    dry_run: bool,
    on_progress: Progress | None,
) -> Outcome:
    who = import_actor(actor)
    kind, lookups = plan.kind, plan.lookups
    outcome = Outcome(
        kind=kind.name,
        filename=filename,
        source=plan.table.source,
        dry_run=dry_run,
        rows=len(plan.rows),
        ignored_columns=plan.ignored,
    )
    row_number = FILE_ROW
    created: dict[str, Any] = {}
    try:
        for new in lookups.new_meetings.values():
            row_number = new.row
            lookups.meetings[new.key] = meetings.create(
                session=session,
                actor=who,
                organ=new.organ.code,
                kind=new.kind,
                number=new.number,
                year=new.year,
                day=new.day,
                at=None,
                modality="presencial",
                agenda=[],
            )
            outcome.meetings_created.append(new.key)
        total = len(plan.rows)
        for start in range(0, total, CHUNK):
            chunk = plan.rows[start : start + CHUNK]
            items: dict[int, Any] = {}
            for row in chunk:
                row_number = row.row
                if row.item is None:
                    item = BUILDERS[kind.name](session, who, row, lookups, created)
                    session.add(item)
                    created[row.key] = items[row.row] = item
                else:
                    items[row.row] = row.item
            session.flush()
            for row in chunk:
                row_number = row.row
                item = items[row.row]
                if row.item is None and kind.lifecycle is not None:
                    _record(session, "created", item, who, clock, filename, row, _created(item))
                outcome.count(_apply_row(session, kind, row, item, who, clock, filename, lookups))
                outcome.transitions += len(row.events)
                outcome.progress_updates += row.progress is not None
            if on_progress is not None:
                on_progress(start + len(chunk), total)
        session.flush()
    except DomainError as exc:
        raise ImportRefused([Problem(row_number, None, exc.detail)], filename) from None
    return outcome


def _apply_row(
    session: Session,
    kind: Kind,
    row: RowPlan,
    item: Any,
    who: Actor,
    clock: Clock,
    filename: str,
    lookups: Lookups,
) -> RowChange:
    change = RowChange(
        row=row.row,
        key=row.key,
        action=row.action,
        fields=sorted(row.changes),
        events=[event.name for event, _ in row.events],
    )
    if row.item is not None and row.changes:
        done: set[Callable[..., None]] = set()
        for name, value in row.changes.items():
            setter = SETTERS.get(name, plain)
            if setter not in done:
                setter(item, name, value, row.values, lookups)
            if setter is not plain:
                done.add(setter)
        if kind.lifecycle is not None:
            changes = {k: _jsonable(v) for k, v in row.changes.items()}
            _record(session, "edited", item, who, clock, filename, row, {"changes": changes})
    note = f"Importado de «{filename}», fila {row.row}."
    for event, data in row.events:
        fire(
            session=session,
            item=item,
            event=event.name,
            actor=_firer(event, who),
            clock=clock,
            note=note,
            data=data,
        )
    if row.progress is not None:
        progress.record_update(
            session=session,
            actor=who,
            clock=clock,
            item=item,
            note=f"Avance registrado por importación («{filename}», fila {row.row}).",
            progress=row.progress,
        )
    return change


def _firer(event: EventSpec, who: Actor) -> Actor:
    """The importing person, or, for an event only the checks fire, the system acting for them."""
    if may_fire(event, who.role, responsible=True):
        return who
    return Actor(
        role=Role.system, user_id=who.user_id, area_id=None, label=f"Sistema ({who.label})"
    )


def _record(
    session: Session,
    name: str,
    item: Any,
    who: Actor,
    clock: Clock,
    filename: str,
    row: RowPlan,
    payload: dict[str, Any],
) -> None:
    source = {"source": "import", "file": filename, "row": row.row}
    record(session=session, name=name, item=item, actor=who, clock=clock, payload=payload | source)


def _created(item: Tracked) -> dict[str, Any]:
    """What the item's `created` event records, as its own service records it."""
    return {name: _jsonable(getattr(item, name)) for name in stored(item).created_with}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
