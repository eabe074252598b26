"""What an import tells the person: every problem with its row, or what it changed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from states.dates_es import counted
from workflow.engine.errors import Invalid

FILE_ROW = 0
"""`Problem.row` for the file as a whole (unreadable, empty)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where (row, column), what, and what was expected."""

    row: int
    column: str | None
    message: str
    expected: str | None = None
    value: str | None = None

    def sentence(self) -> str:
        where = "Archivo" if self.row == FILE_ROW else f"Fila {self.row}"
        if self.column:
            where += f", columna «{self.column}»"
        text = f"{where}: {self.message}"
        text = text if text.endswith(".") else text + "."
        if self.expected:
            text += f" Se esperaba {self.expected}."
        return text

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "sentence": self.sentence()}


class ImportRefused(Invalid):
    """The file was refused as a whole; `problems` lists every reason, row by row."""

    code = "import_refused"

    def __init__(self, problems: list[Problem], filename: str) -> None:
        ordered = sorted(problems, key=lambda p: (p.row, p.column or ""))
        count = len(ordered)
        noun = "problema" if count == 1 else "problemas"
        super().__init__(
            f"El archivo «{filename}» tiene {count} {noun}; no se importó nada. "
            "Corríjalos y vuelva a importarlo completo.",
            problems=[p.as_dict() for p in ordered],
        )
        self.problems = ordered


@dataclass
class RowChange:
    """What one row did (or, in a dry run, would do)."""

    row: int
    key: str
    action: str
    """`create`, `update` or `unchanged`."""
    fields: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


ACTION_LABELS = {"create": "se crea", "update": "se actualiza", "unchanged": "sin cambios"}
"""What a row of a good file does, as the import page shows it."""


@dataclass
class Outcome:
    """The result of a good file: counts, what each changed row did, columns left aside."""

    kind: str
    filename: str
    source: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    transitions: int = 0
    progress_updates: int = 0
    meetings_created: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)

    def count(self, change: RowChange) -> None:
        if change.action == "create":
            self.created += 1
        elif change.action == "update":
            self.updated += 1
        else:
            self.unchanged += 1
        if change.action != "unchanged":
            self.changes.append(change)

    def summary(self) -> list[str]:
        """Spanish lines for a terminal or a page."""
        verb = "Se importaría" if self.dry_run else "Se importó"
        lines = [
            f"{verb} «{self.filename}» ({self.source}): {counted(self.rows, 'fila')}; "
            f"{counted(self.created, 'nueva')}, {counted(self.updated, 'actualizada')}, "
            f"{self.unchanged} sin cambios; "
            f"{counted(self.transitions, 'cambio de estado', 'cambios de estado')}, "
            f"{counted(self.progress_updates, 'avance')}.",
        ]
        if self.meetings_created:
            lines.append("Sesiones creadas: " + ", ".join(self.meetings_created) + ".")
        if self.ignored_columns:
            lines.append(
                "Columnas no reconocidas (se ignoraron): "
                + ", ".join(f"«{c}»" for c in self.ignored_columns)
                + "."
            )
        if self.dry_run:
            lines.append("Prueba sin escribir (--dry-run): la base de datos no cambió.")
        return lines

    def as_dict(self, limit: int = 1000) -> dict[str, Any]:
        body = asdict(self)
        body["changes"] = body["changes"][:limit]
        body["changes_omitted"] = max(0, len(self.changes) - limit)
        body["summary"] = self.summary()
        return body
