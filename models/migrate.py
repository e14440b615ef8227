"""Bring a database to the newest schema with Alembic (`kehoach init`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    """Return an Alembic config for a database URL, with no alembic.ini needed."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_to_head(url: str) -> str | None:
    """Migrate the database at `url` to head; running it twice is harmless. Return the revision."""
    from alembic.runtime.migration import MigrationContext

    from models.db import engine_for

    command.upgrade(alembic_config(url), "head")
    with engine_for(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def autogenerate(url: str, message: str, rev_id: str) -> None:
    """Write a new migration from the difference between the tables and the database at `url`."""
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)
