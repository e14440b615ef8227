"""Shared console objects, and the one way every command reports a failure to an operator."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from kehoach.text import shown

# Piped or logged output (CI, cron, `| less`) gets room for the status tables instead of 80 columns.
_width = None if sys.stdout.isatty() else 160
out = Console(highlight=False, soft_wrap=True, width=_width)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=_width)


def fail(message: str, hint: str | None = None, code: int = 1) -> NoReturn:
    """Print what went wrong and what to do next, then exit with `code`."""
    err.print(f"[bold red]Lỗi:[/] {escape(shown(message))}", soft_wrap=True)
    if hint:
        err.print(f"→ {escape(shown(hint))}", soft_wrap=True)
    raise typer.Exit(code)


def ensure_utf8() -> None:
    """Make stdout UTF-8 even where the locale is not (CI, cron); never crash on a character it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def explain(exc: BaseException) -> tuple[str, str | None, int]:
    """Return (message, hint, exit code) for an error that reached the top of a command."""
    from kehoach.errors import KehoachError

    if isinstance(exc, KehoachError):
        return exc.message, exc.hint, 2
    name = type(exc).__name__
    text = str(exc)
    if name in ("OperationalError", "ProgrammingError") and any(
        s in text for s in ("no such table", "does not exist", "UndefinedTable")
    ):
        return (
            "cơ sở dữ liệu chưa được khởi tạo.",
            "Chạy: kehoach init (tạo thư mục dữ liệu và các bảng; chạy lại nhiều lần không sao).",
            1,
        )
    if name == "OperationalError" or name.startswith("Psycopg") or "could not connect" in text:
        from kehoach.settings import get_settings

        url = get_settings().db_url
        where = url.split("@")[-1] if "@" in url else url
        return (
            f"không kết nối được cơ sở dữ liệu ({where}).",
            "Kiểm tra KEHOACH_DATABASE_URL, máy chủ cơ sở dữ liệu đang chạy và quyền ghi thư mục dữ liệu.",
            1,
        )
    if isinstance(exc, IsADirectoryError):
        return f"“{exc.filename}” là một thư mục, không phải tệp.", "Chỉ đường dẫn tới một tệp.", 1
    if isinstance(exc, FileNotFoundError):
        return f"không tìm thấy “{exc.filename}”.", "Kiểm tra lại đường dẫn (thư mục chứa tệp phải có sẵn).", 1
    if isinstance(exc, PermissionError):
        return f"không có quyền đọc/ghi “{exc.filename}”.", "Kiểm tra quyền của tệp hoặc thư mục.", 1
    if isinstance(exc, OSError):
        return f"lỗi tệp “{exc.filename or ''}”: {exc.strerror or text}.", None, 1
    log = _log_unexpected(exc)
    return (
        f"sự cố không mong đợi ({name}: {text[:300]}).",
        f"Chi tiết đã ghi vào {log}; gửi tệp này cho bộ phận kỹ thuật." if log else None,
        1,
    )


def _log_unexpected(exc: BaseException) -> Path | None:
    try:
        from kehoach import clock
        from kehoach.settings import get_settings

        path = get_settings().data_dir / "logs" / "kehoach-cli.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as f:
            f.write(f"--- {clock.now().isoformat()} {' '.join(shown(a) for a in sys.argv)}\n")
            f.write("".join(traceback.format_exception(exc)))
        return path.resolve()
    except Exception:  # the report must not fail because the log cannot be written
        return None


def report(exc: BaseException) -> int:
    """Print one clear error for `exc` and return the exit code."""
    message, hint, code = explain(exc)
    try:
        fail(message, hint, code)
    except typer.Exit as done:
        return done.exit_code
