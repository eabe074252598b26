"""`users add|list|activate|deactivate|set-password`: people, for operators; thin callers of
`workflow.directory.catalogue` and `workflow.directory.people`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from api.commands.core import CLI_ACTOR, fail, settings, work
from workflow.directory import catalogue, people
from workflow.engine.errors import DomainError
from workflow.models import User
from workflow.runtime.clock import Clock

users = typer.Typer(help="Personas usuarias.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the `users` group to the `seguimiento` app."""
    app.add_typer(users, name="users")


@users.command("add")
def users_add(
    email: Annotated[str, typer.Option(help="Correo electrónico")],
    name: Annotated[str, typer.Option(help="Nombre completo")],
    role: Annotated[str, typer.Option(help="admin, secretariat, area o member")],
    area: Annotated[str | None, typer.Option(help="Clave del área (rol area)")] = None,
    password: Annotated[
        str | None,
        typer.Option(
            help="Contraseña para entrar a las páginas", envvar="SEGUIMIENTO_NEW_PASSWORD"
        ),
    ] = None,
) -> None:
    """Crea una persona usuaria; la última línea es su token de API."""
    with work(write=True, code=2) as session:
        user, token = catalogue.create_user(
            session=session,
            actor=CLI_ACTOR,
            email=email,
            name=name,
            role=role,
            area=area,
            password=password,
        )
        typer.echo(f"Persona creada: {user.email} ({user.role}) id {user.id}")
    typer.echo(token)


@users.command("list")
def users_list() -> None:
    """Muestra las personas usuarias: id, correo, nombre, rol, área y si están activas."""
    with work() as session:
        rows = [_row(u) for u in catalogue.list_users(session=session)]
    if not rows:
        typer.echo("No hay personas usuarias.")
        return
    for line in table(("id", "correo", "nombre", "rol", "área", "activa"), rows):
        typer.echo(line)


def _row(user: User) -> tuple[str, ...]:
    return (
        str(user.id),
        user.email,
        user.name,
        user.role,
        user.area.code if user.area else "—",
        "sí" if user.active else "no",
    )


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell, a rule under the header."""
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


@users.command("deactivate")
def users_deactivate(email: Annotated[str, typer.Argument(help="Correo de la persona")]) -> None:
    """Desactiva a una persona: ya no entra a las páginas y sus tokens quedan revocados."""
    _set_active(email, active=False)


@users.command("activate")
def users_activate(email: Annotated[str, typer.Argument(help="Correo de la persona")]) -> None:
    """Vuelve a activar a una persona (sus tokens anteriores siguen revocados)."""
    _set_active(email, active=True)


def _set_active(email: str, *, active: bool) -> None:
    with work(write=True) as session:
        user = people.user_by_email(session=session, email=email)
        was = user.active
        people.set_active(
            session=session,
            actor=CLI_ACTOR,
            user_id=user.id,
            active=active,
            now=Clock(tz=settings().tz).now(),
        )
        address = user.email
    if was == active:
        typer.echo(f"{address} ya estaba {'activa' if active else 'desactivada'}.")
    elif active:
        typer.echo(f"Persona activada: {address}.")
    else:
        typer.echo(f"Persona desactivada: {address}; sus tokens quedaron revocados.")


@users.command("set-password")
def users_set_password(
    email: Annotated[str, typer.Argument(help="Correo de la persona")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Leer la contraseña de la entrada estándar (una línea)"
        ),
    ] = False,
) -> None:
    """Fija la contraseña de una persona (se pide dos veces, sin mostrarla)."""
    with work() as session:
        people.user_by_email(session=session, email=email)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Contraseña nueva", hide_input=True)
        if typer.prompt("Repita la contraseña", hide_input=True) != password:
            raise fail("Las dos contraseñas no coinciden; no se cambió nada.")
    try:
        people.check_password(password)
    except DomainError as exc:
        raise fail(exc.detail) from None
    with work(write=True) as session:
        user = people.user_by_email(session=session, email=email)
        people.set_password(session=session, actor=CLI_ACTOR, user_id=user.id, password=password)
        address = user.email
    typer.echo(f"Contraseña actualizada: {address}.")
