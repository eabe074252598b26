"""Settings read once from `SEGUIMIENTO_*` environment variables and an optional `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "cambie-esta-clave-en-produccion"
"""Signs session cookies; fine on one's own machine, never on a server others reach."""


class Settings(BaseSettings):
    """Everything configurable; the defaults serve one machine with SQLite."""

    model_config = SettingsConfigDict(
        env_prefix="SEGUIMIENTO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite:///seguimiento.db"
    timezone: str = "America/Mexico_City"
    base_url: str = "http://127.0.0.1:8000"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    files_dir: Path = Path("archivos")
    files_storage: Literal["folder", "database"] = "folder"
    """Where evidence and minutes files live: `folder` (`files_dir`, on this host or a shared
    mount) or `database` (every API process on every host serves every file)."""
    max_upload_mb: int = 20
    import_max_mb: int = Field(default=50, gt=0)
    """The body of `POST /api/v1/{kind}/import`; a 10^5-row CSV is about 20 MB."""
    import_max_rows: int = Field(default=200_000, gt=0)
    import_max_columns: int = Field(default=60, gt=0)
    import_max_cell_chars: int = Field(default=32_767, gt=0)
    import_max_unpacked_mb: int = Field(default=200, gt=0)
    """An XLSX's members unpacked, together (a zip bomb is refused before it is opened)."""
    public_pages: bool = False
    institution_name: str = "Instituto Electoral de la Ciudad de México"
    institution_logo: Path | None = None
    """An image file (PNG, JPEG or SVG) printed at the head of the reports; none when unset."""
    report_signer: str = ""
    """Who signs the follow-up report for the technical secretariat (name as printed)."""
    report_signer_post: str = "Secretaría Técnica"
    paper_size: Literal["carta", "a4"] = "carta"
    """The reports' paper, landscape."""

    smtp_host: str | None = None
    """The mail server; unset (or empty), the e-mail channel is off and only the in-app inbox
    and Teams carry messages."""
    smtp_port: int = 25
    smtp_from: str = "seguimiento@localhost"
    smtp_from_name: str = "Seguimiento de acuerdos"
    """The sender's name people see in their mailbox («Seguimiento de acuerdos <…>»)."""
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = 10.0

    checks_hour: int = Field(default=8, ge=0, le=23)
    checks_minute: int = Field(default=0, ge=0, le=59)
    due_soon_days: list[int] = [5, 1]
    overdue_repeat_days: int = 5
    escalate_after_days: int = 10
    convenio_reminder_days: list[int] = [60, 30, 7]
    dispatch_batch: int = Field(default=100, ge=1)
    dispatch_max_attempts: int = Field(default=32, ge=1)
    """With the backoff below, 32 attempts span at least a day (about 24 to 48 h)."""
    dispatch_interval_seconds: float = Field(default=60, gt=0)
    dispatch_lease_seconds: float = Field(default=300, gt=0)
    """How long a claimed delivery stays invisible to other dispatchers (a crash frees it);
    renewed before each send and every third of it while a send lasts."""
    dispatch_backoff_seconds: float = Field(default=30, gt=0)
    dispatch_backoff_max_seconds: float = Field(default=2 * 3600, gt=0)
    dispatch_concurrency: int = Field(default=2, ge=1, le=64)
    """Batches one `dispatch --worker` sends at once, each over one SMTP connection of its own."""
    dispatch_poll_seconds: float = Field(default=5, gt=0)
    """How long a `dispatch --worker` waits when it finds nothing due before it looks again."""
    dispatch_in_scheduler: bool = True
    """The scheduler leader delivers the outbox itself (one server); false when
    `dispatch --worker` processes run, so the leader only queues."""
    dispatch_requeue_limit: int = Field(default=3, ge=0)
    """How often a message that failed for a passing reason is put back by itself when its
    channel answers again; after that it waits for an admin's «Reintentar»."""
    teams_timeout: float = 10.0
    teams_allow_local_http: bool = False
    """Accept `http://127.0.0.1`, `http://[::1]` and `http://localhost` as Teams webhook
    addresses (a receiver on one's own machine, as the tests run); every other address must be
    https. Off on a server."""
    digest_weekday: int = Field(default=0, ge=0, le=6)
    """The day of the weekly digest (0 = Monday)."""
    scheduler_poll_seconds: float = Field(default=5, gt=0)
    """How often a waiting scheduler tries to take the lead, and the leader checks its lock."""

    db_pool_size: int = Field(default=5, ge=1, le=1000)
    """Connections each process keeps open to the database (SQLite files and PostgreSQL)."""
    db_max_overflow: int = Field(default=10, ge=0, le=1000)
    """Extra connections opened under load beyond `db_pool_size`, closed when returned."""
    db_pool_timeout: float = Field(default=30, gt=0, le=600)
    """Seconds a request waits for a free connection before it is answered 503."""
    db_busy_timeout: float = Field(default=30, gt=0, le=600)
    """SQLite: seconds a writer waits for another writer's lock before it is answered 503."""
    pdf_renders: int = Field(default=2, ge=1, le=64)
    """PDFs laid out at once; the rest wait, holding no thread and no connection. Layout is
    CPU-bound, so about one per core keeps the other requests answered."""
    pdf_wait_seconds: float = Field(default=120, gt=0, le=3600)
    """How long a PDF waits for its turn before the request is answered 503."""
    session_idle_minutes: float = Field(default=120, gt=0)
    """A page session unused this long ends; the person signs in again."""
    session_max_hours: float = Field(default=12, gt=0)
    """A page session ends this long after sign-in, however busy."""
    signin_window_minutes: float = Field(default=15, gt=0)
    signin_max_failures_per_account: int = Field(default=20, ge=1)
    """Wrong passwords for one e-mail within the window; the next attempt answers 429."""
    signin_max_failures_per_address: int = Field(default=50, ge=1)
    """Wrong passwords from one client address (any e-mail) within the window; an office
    behind one address shares it, so it is higher than the per-account limit."""

    log_format: Literal["json", "text"] = "json"
    """One JSON object per line for a log collector; `text` for reading in a terminal."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def email_on(self) -> bool:
        """Whether e-mail is sent at all: only with a mail server configured."""
        return bool(self.smtp_host and self.smtp_host.strip())

    @property
    def uses_default_secret(self) -> bool:
        return self.secret_key.get_secret_value() == DEFAULT_SECRET


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings; tests build their own `Settings` and pass them in."""
    return Settings()
