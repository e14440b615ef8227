"""Shared console objects and the way every command reports a failure to an operator."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console

# Piped or logged output (CI, cron, `| less`) gets room for the status tables instead of 80 columns.
_width = None if sys.stdout.isatty() else 160
out = Console(highlight=False, soft_wrap=True, width=_width)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=_width)


def fail(message: str, hint: str | None = None, code: int = 1) -> NoReturn:
    """Print what went wrong and what to do next, then exit with `code`."""
    err.print(f"[bold red]Lỗi:[/] {message}", soft_wrap=True)
    if hint:
        err.print(f"→ {hint}", soft_wrap=True)
    raise typer.Exit(code)


def ensure_utf8() -> None:
    """Make stdout UTF-8 even where the locale is not (CI, cron)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")
