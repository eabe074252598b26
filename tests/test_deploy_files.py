"""The deployment files in `deploy/` are the ones the tools accept: `systemd-analyze verify` for
the units (no warning either: a misspelt hardening option is only a warning to systemd), and
`nginx -t` for the reverse proxy, with the headers the app relies on. Both tools come from
Debian (`scripts/system-deps.sh`); a missing tool fails, it never skips."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
INSTALLED = "/opt/seguimiento/venv/bin/seguimiento"
"""Where the units expect the installed command; verified here against this environment's."""
UNITS = {
    "seguimiento-serve@.service": "seguimiento-serve@8001.service",
    "seguimiento-scheduler.service": "seguimiento-scheduler.service",
    "seguimiento-dispatch@.service": "seguimiento-dispatch@1.service",
}


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    assert found, f"falta {name}: ejecute `make system-deps` (scripts/system-deps.sh)"
    return found


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_each_systemd_unit_verifies_without_a_warning(unit: str, tmp_path: Path) -> None:
    text = (DEPLOY / "systemd" / unit).read_text()
    assert INSTALLED in text
    instance = tmp_path / UNITS[unit]
    instance.write_text(text.replace(INSTALLED, str(Path(sys.executable).with_name("seguimiento"))))
    done = subprocess.run(
        [tool("systemd-analyze"), "verify", "--man=no", str(instance)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stdout + done.stderr
    for needed in ("EnvironmentFile=", "User=seguimiento", "Restart=on-failure"):
        assert needed in text, needed
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"):
        assert hardening in text, hardening


def test_the_worker_unit_gives_a_stopping_worker_time_to_finish_its_send() -> None:
    text = (DEPLOY / "systemd" / "seguimiento-dispatch@.service").read_text()
    assert "dispatch --worker" in text and "TimeoutStopSec=90" in text
    assert "scheduler\n" in (DEPLOY / "systemd" / "seguimiento-scheduler.service").read_text()


def test_the_nginx_example_passes_nginx_t_and_the_headers_the_app_needs(tmp_path: Path) -> None:
    site = (DEPLOY / "nginx" / "seguimiento.conf").read_text()
    for header in (
        "proxy_set_header Host $host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Request-ID $request_id;",
        "client_max_body_size 60m;",
    ):
        assert header in site, header
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            tool("openssl"),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=seguimiento.ejemplo.mx",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (
        site.replace("/etc/letsencrypt/live/seguimiento.ejemplo.mx/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/seguimiento.ejemplo.mx/privkey.pem", str(key))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "seguimiento.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        f"  access_log {tmp_path}/access.log;\n"
        f"  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/seguimiento.conf;\n"
        "}\n"
    )
    done = subprocess.run(
        [
            tool("nginx"),
            "-t",
            "-p",
            str(tmp_path),
            "-e",
            str(tmp_path / "error.log"),
            "-c",
            str(main),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[warn]" not in done.stderr, done.stderr
