"""The one settings object: read from the environment (prefix KEHOACH_) and `.env`."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import datetime, time
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = "secret_key"


class Settings(BaseSettings):
    """Everything configurable; defaults run a fresh checkout with no configuration."""

    model_config = SettingsConfigDict(env_prefix="KEHOACH_", env_file=".env", extra="ignore")

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("var")
    # received files; on several machines, storage every worker reaches (default <data_dir>/files)
    files_dir_setting: Path | None = Field(default=None, validation_alias="KEHOACH_FILES_DIR")
    database_url: str | None = None

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: Literal["none", "starttls", "implicit"] = "none"
    smtp_timeout_s: float = 30.0
    smtp_connections: int = 4
    smtp_rate_per_minute: int = 0  # 0 = no limit
    smtp_max_attempts: int = 6
    smtp_retry_base_s: float = 30.0  # first retry after this, doubling each time
    mail_from: str = "Văn phòng kehoach <vanthu@kehoach.localhost>"
    mail_window_start: time = time(7, 0)
    mail_window_end: time = time(17, 30)

    portal_url: str = "http://127.0.0.1:8000"
    portal_host: str = "127.0.0.1"
    portal_port: int = 8000
    portal_workers: int = 1  # uvicorn processes; rate limits and receipt numbers hold across them
    portal_forwarded_allow_ips: str = "127.0.0.1"  # proxies whose X-Forwarded-For names the client
    portal_uploads_per_link_per_minute: int = 10
    portal_uploads_per_address_per_minute: int = 600  # an office NAT hides many units behind one address
    portal_followup_s: float = 15.0  # how often an idle portal sends receipts and reads new files; 0 = never
    secret_key: SecretStr | None = None
    now: datetime | None = None
    # a file holding an ISO date-time, read at every clock call: moves the clock of every process at once
    # (the demo's serve, portal and CLI); empty or missing falls back to `now`
    now_file: Path | None = None
    timezone: str = "Asia/Ho_Chi_Minh"

    # Prefect: `kehoach serve` runs its server here; the CLI runs flows against it, or against this URL when set
    prefect_port: int = 4200
    prefect_api_url: str | None = Field(default=None, validation_alias="PREFECT_API_URL")  # Prefect's own name
    # how long to wait for a Prefect server to answer (the CLI's temporary one, or serve's own) on a loaded machine
    prefect_startup_timeout_s: int = 180
    # the process work pool `python -m deployments.pool` registers the deployments with and workers take runs from
    work_pool: str = "kehoach"

    max_upload_mb: int = 20
    lock_days: int = 30
    default_due_working_days: int = 10
    # a compiled report quotes each unit's sections up to this many characters in all
    compile_excerpt_chars: int = 600

    # Follow-up (watch_deadlines, review, collect): JSON lists in the environment, e.g. KEHOACH_REMINDER_DAYS=[3,1]
    reminder_days: list[int] = [3, 1]  # working days before the due date a reminder goes
    overdue_days: list[int] = [1, 5, 10]  # working days after the due date each chasing notice goes
    digest_weekday: int = Field(default=0, ge=0, le=6)  # 0 = Monday; a day off moves it to the next working day
    return_working_days: int = 5  # a returned obligation is due again no sooner than this many working days on
    collect_batch: int = 200  # submissions collect takes per round
    artifact_max_rows: int = 1000  # rows of a plan's table artifact (the late first); the portal shows them all
    events_max_per_run: int = 500  # events one flow run emits; beyond that it counts them in its result

    @field_validator("reminder_days", "overdue_days")
    @classmethod
    def _steps(cls, v: list[int]) -> list[int]:
        if any(n < 1 for n in v):
            raise ValueError("số ngày làm việc nhắc hạn, đôn đốc phải từ 1 trở lên")
        return sorted(set(v))

    @field_validator("smtp_host", "database_url", "prefect_api_url", "files_dir_setting", mode="before")
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("files_dir_setting")
    @classmethod
    def _absolute(cls, v: Path | None) -> Path | None:
        # serve's children and Prefect's workers run from the repository root: a relative path would move
        return v.resolve() if v is not None else None

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.env == "production":
            key = self.secret_key.get_secret_value() if self.secret_key else ""
            if len(key) < 32 or key.lower() in {"changeme", "change-me", "secret", "placeholder"}:
                raise ValueError("KEHOACH_SECRET_KEY phải được đặt (ít nhất 32 ký tự ngẫu nhiên) khi chạy production")
        return self

    # Places under the data dir
    @property
    def files_dir(self) -> Path:
        return self.files_dir_setting or self.data_dir / "files"

    @property
    def out_dir(self) -> Path:
        return self.data_dir / "out"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def prefect_home(self) -> Path:
        """Return Prefect's home (its database, UI files, task cache) for this data dir: never ~/.prefect."""
        return self.data_dir / "prefect"

    @cached_property  # resolving the path costs system calls, and every session asks for it
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kehoach.db').resolve()}"

    @property
    def mail_domain(self) -> str:
        """Return the domain of the sender address (used in Message-IDs)."""
        from email.utils import parseaddr

        addr = parseaddr(self.mail_from)[1]
        return addr.rsplit("@", 1)[-1] if "@" in addr else "kehoach.localhost"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    def signing_key(self) -> bytes:
        """Return the link-signing key: configured, or generated once into the data dir."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        path = self.data_dir / SECRET_FILE
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # each process writes its own whole temporary file, then links it into place: link never replaces,
            # so whoever comes first wins and every process reads that one key, never a half-written file
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
            try:
                with os.fdopen(fd, "w") as f:
                    f.write(secrets.token_urlsafe(48))
                    f.flush()
                    os.fsync(f.fileno())
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
        return path.read_text().strip().encode()

    def ensure_dirs(self) -> None:
        for d in (self.data_dir, self.files_dir, self.out_dir, self.mail_dir):
            d.mkdir(parents=True, exist_ok=True)


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings (cached; tests call `get_settings.cache_clear()`)."""
    return Settings()
