"""Render what supervisors read in the Prefect UI from templates/artifacts/ (markdown, Vietnamese)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kehoach import clock
from models.states import label

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "artifacts"


def _ngay(value: str | date) -> str:
    return clock.vn_date_long(date.fromisoformat(value[:10]) if isinstance(value, str) else value)


@lru_cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["ngay"] = _ngay
    env.filters["nhan"] = label
    return env


def render_markdown(name: str, **context: object) -> str:
    """Return the markdown of templates/artifacts/<name>.md.j2 filled with the context."""
    return _env().get_template(f"{name}.md.j2").render(**context)
