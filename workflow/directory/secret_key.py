"""The key that signs session cookies: where the published example may still be used, and a
fresh random key written into `.env` by `seguimiento init`.

The example key is in the README and the source, so anyone can sign a cookie with it. It is
tolerated only where nobody else can reach the server: listening on loopback and served over
plain http (an https `BASE_URL` means a real deployment behind a proxy).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from workflow.runtime.settings import Settings

ENV_NAME = "SEGUIMIENTO_SECRET_KEY"


def is_loopback(host: str | None) -> bool:
    """127.0.0.0/8, ::1 or `localhost`; anything else (0.0.0.0, a name, "") reaches the network."""
    if not host:
        return False
    host = host.strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refusal(settings: Settings, *, listen_host: str | None) -> str | None:
    """Why this process must not start with its key, or None when it may.

    `listen_host` is where `serve` listens; the scheduler listens nowhere (None), so only its
    `BASE_URL` tells whether it belongs to a deployment others reach.
    """
    key = settings.secret_key.get_secret_value()
    if key.strip() and not settings.uses_default_secret:
        return None
    base = urlsplit(settings.base_url)
    local_base = base.scheme == "http" and is_loopback(base.hostname)
    if listen_host is None and local_base:
        return None
    if listen_host is not None and is_loopback(listen_host) and base.scheme != "https":
        return None
    what = "está vacía" if not key.strip() else "tiene el valor de ejemplo publicado"
    where = (
        f"el servicio escucha en {listen_host}"
        if listen_host is not None and not is_loopback(listen_host)
        else f"SEGUIMIENTO_BASE_URL es {settings.base_url}"
    )
    return (
        f"{ENV_NAME} {what} y {where}: cualquiera podría firmar una sesión. Ejecute "
        "`seguimiento init` (guarda una clave aleatoria en .env) o defina una clave propia."
    )


def ensure_in_env_file(path: Path, environ: Mapping[str, str] | None = None) -> bool:
    """Append a random key to the `.env` at `path` when none is configured; True if written.

    Never overwrites: a key in the environment or already in the file is left alone, and the
    file's other lines are kept as they are.
    """
    environ = os.environ if environ is None else environ
    if any(name.upper() == ENV_NAME for name in environ):
        return False
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    if existing and any(name.upper() == ENV_NAME for name in dotenv_values(path)):
        return False
    line = f"{ENV_NAME}={secrets.token_urlsafe(48)}\n"
    if existing and not existing.endswith("\n"):
        line = "\n" + line
    if not path.exists():
        path.touch(mode=0o600)
    with path.open("a", encoding="utf-8") as out:
        out.write(line)
    return True
