"""What the rows of a file name in the database: areas, organs, sessions, convenios, the records
themselves. Loaded in a few set-based queries before any row is checked, so validating a file
of 10^5 rows costs queries per thousand keys, not per row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.dates_es import counted
from states.vocabulary import MEETING_KEY_SUFFIX
from workflow.models import Area, Convenio, Meeting, Organ
from workflow.spreadsheets.cell_values import CellError, normalise
from workflow.spreadsheets.columns import Kind

CHUNK = 500
MEETING_KEY = re.compile(r"^(?P<organ>[^/]+)/(?P<number>\d+)(?P<suffix>SO|SE|SU)/(?P<year>\d{4})$")
MEETING_EXPECTED = "la clave de una sesión, p. ej. CPVOE/4SO/2024 (SO, SE o SU)"
SUFFIX_KIND = {suffix: kind for kind, suffix in MEETING_KEY_SUFFIX.items()}


@dataclass
class NewMeeting:
    """A session the file names that does not exist yet, with the date the file gives it."""

    key: str
    organ: Organ
    kind: str
    number: int
    year: int
    day: date
    row: int


@dataclass
class Lookups:
    """The database as the file refers to it."""

    areas: dict[str, Area]
    area_names: dict[str, Area]
    organs: dict[str, Organ]
    meetings: dict[str, Meeting]
    existing: dict[str, Any]
    convenios: dict[str, Convenio]
    new_meetings: dict[str, NewMeeting] = field(default_factory=dict)

    def area_codes(self, given: Iterable[str]) -> list[str]:
        """Codes (or full names) to registered codes, lead first; unknown ones are refused."""
        codes: list[str] = []
        unknown: list[str] = []
        for token in given:
            area = self.areas.get(token.upper()) or self.area_names.get(normalise(token))
            if area is None:
                unknown.append(token)
            else:
                codes.append(area.code)
        if unknown:
            raise CellError(
                f"no existe el área {', '.join(unknown)}",
                "claves de áreas registradas: " + _some(sorted(self.areas)),
            )
        repeated = sorted(c for c, n in Counter(codes).items() if n > 1)  # a cell may list 10^4
        if repeated:
            raise CellError(f"el área {', '.join(repeated)} está repetida", "cada área una vez")
        if not codes:
            raise CellError("no indica ningún área", "al menos una clave de área")
        return codes

    def organ(self, code: str) -> Organ:
        organ = self.organs.get(code.upper())
        if organ is None:
            raise CellError(
                f"no existe el órgano «{code}»",
                "la clave de un órgano registrado: " + _some(sorted(self.organs)),
            )
        return organ

    def meeting(self, key: str, day: date | None, row: int) -> str:
        """The session's key; a new session is noted for creation when the file gives its date."""
        found = self.meetings.get(key)
        if found is not None:
            if day is not None and day != found.date:
                raise CellError(
                    f"la sesión {key} está registrada con fecha {found.date:%d/%m/%Y}, "
                    f"no {day:%d/%m/%Y}",
                    "la fecha registrada de la sesión, o la clave de otra sesión",
                )
            return key
        parts = MEETING_KEY.match(key)
        if parts is None:
            raise CellError(f"«{key}» no es una clave de sesión", MEETING_EXPECTED)
        if day is None:
            raise CellError(
                f"la sesión {key} no está registrada",
                "una sesión registrada, o la columna «fecha de sesión» para registrarla",
            )
        planned = self.new_meetings.get(key)
        if planned is not None:
            if planned.day != day:
                raise CellError(
                    f"la fila {planned.row} da a la sesión {key} la fecha "
                    f"{planned.day:%d/%m/%Y}, esta fila {day:%d/%m/%Y}",
                    "la misma fecha de sesión en todas las filas",
                )
            return key
        self.new_meetings[key] = NewMeeting(
            key=key,
            organ=self.organ(parts["organ"]),
            kind=SUFFIX_KIND[parts["suffix"]],
            number=int(parts["number"]),
            year=int(parts["year"]),
            day=day,
            row=row,
        )
        return key

    def resolve(
        self, vals: dict[str, Any], row: int, key: str, item: Any, seen: dict[str, int]
    ) -> list[tuple[str, CellError, Any]]:
        """Replace what a row names by registered codes and keys, in place; return the failures
        as (column, error, value given), each column then left out of the row."""
        failed: list[tuple[str, CellError, Any]] = []
        steps: dict[str, Callable[[Any], Any]] = {
            "areas": self.area_codes,
            "area": lambda code: self.area_codes([code])[0],
            "organ": lambda code: self.organ(code).code,
            "meeting": lambda k: self.meeting(k, vals.get("meeting_date"), row),
            "convenio": self._convenio,
            "parent": lambda k: self._parent(k, key, seen),
        }
        for name, step in steps.items():
            if name in vals:
                try:
                    vals[name] = step(vals[name])
                except CellError as exc:
                    failed.append((name, exc, vals.pop(name)))
        if "counterpart_types" in vals:
            names = vals.get("counterparts") or (
                [c.name for c in item.counterparts] if item is not None else []
            )
            types = vals["counterpart_types"]
            if len(types) == 1 and len(names) > 1:
                vals["counterpart_types"] = types * len(names)
            elif len(types) != len(names):
                error = CellError(
                    f"da {counted(len(types), 'tipo')} para {counted(len(names), 'contraparte')}",
                    "un tipo por contraparte, en el mismo orden, o uno solo para todas",
                )
                failed.append(
                    ("counterpart_types", error, "; ".join(vals.pop("counterpart_types")))
                )
        return failed

    def _convenio(self, key: str) -> str:
        if key not in self.convenios:
            raise CellError(f"no existe el convenio «{key}»", "la clave de un convenio registrado")
        return key

    def _parent(self, parent: str, key: str, seen: dict[str, int]) -> str:
        if parent == key:
            raise CellError("un convenio no puede ser su propio convenio padre", "otra clave")
        if parent not in self.convenios and parent not in seen:
            raise CellError(
                f"no existe el convenio padre «{parent}»",
                "la clave de un convenio registrado o de una fila anterior del archivo",
            )
        return parent


def _some(codes: list[str], limit: int = 30) -> str:
    if not codes:
        return "(ninguna registrada)"
    shown = ", ".join(codes[:limit])
    return shown + (f" y {len(codes) - limit} más" if len(codes) > limit else "")


def _by_keys(session: Session, model: Any, column: Any, keys: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        for row in session.scalars(select(model).where(column.in_(chunk))).unique():
            found[getattr(row, column.key)] = row
    return found


def load(*, session: Session, kind: Kind, keys: list[str], convenio_keys: list[str]) -> Lookups:
    """Everything the file's rows may name, in a handful of queries."""
    areas = list(session.scalars(select(Area)))
    key_column = kind.model.code if kind.lifecycle is None else kind.model.key
    existing = _by_keys(session, kind.model, key_column, sorted(set(keys)))
    if kind.lifecycle is None:
        existing = {k.upper(): v for k, v in existing.items()}
    return Lookups(
        areas={a.code.upper(): a for a in areas},
        area_names={normalise(a.name): a for a in areas},
        organs={o.code.upper(): o for o in session.scalars(select(Organ))},
        meetings={m.key: m for m in session.scalars(select(Meeting)).unique()},
        existing=existing,
        convenios=_by_keys(session, Convenio, Convenio.key, sorted(set(convenio_keys))),
    )
