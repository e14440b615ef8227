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


# what a value must be, by the check that refused it (typer checks values with pydantic)
_MUST_BE = {
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là có/không (true/false)",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "greater_than_equal": "phải từ {ge} trở lên",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải từ {le} trở xuống",
    "less_than": "phải nhỏ hơn {lt}",
    "literal_error": "phải là một trong: {expected}",
    "enum": "phải là một trong: {expected}",
}


def _param_name(param) -> str:
    """Return how the help names a parameter: its option (--year), or its argument in capitals (FILE)."""
    opts = list(getattr(param, "opts", None) or [])
    name = opts[0] if opts else (getattr(param, "name", None) or "?")
    return name if name.startswith("-") else name.upper()


def explain_usage(exc: BaseException) -> tuple[str, str, int]:
    """Return (message, hint, 2) for a command written wrongly: a value typer refused, an argument or option
    missing, an option or a command that does not exist. The hint names the command's help."""
    import re

    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None and ctx.command_path not in ("", "-") else ""
    path = "kehoach" + path[path.index(" ") :] if " " in path else "kehoach"
    hint = f"Xem cách dùng: {path} --help"
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "MissingParameter" and param is not None:
        return f"thiếu {_param_name(param)}.", hint, 2
    if kind == "NoSuchOption":
        close = getattr(exc, "possibilities", None) or []
        also = f" (có phải ý là {', '.join(close)}?)" if close else ""
        return f"không có tùy chọn {exc.option_name}{also}.", hint, 2
    if kind == "BadParameter" and param is not None:
        cause = exc.__cause__
        errors = cause.errors() if hasattr(cause, "errors") else []
        first = errors[0] if errors else {}
        why = _MUST_BE.get(first.get("type", ""))
        if why:
            why = why.format(**{k: str(v) for k, v in (first.get("ctx") or {}).items()})
        else:
            why = f"không hợp lệ ({exc.format_message()})"
        given = f" (đã ghi “{first['input']}”)" if "input" in first else ""
        return f"{_param_name(param)} {why}{given}.", hint, 2
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if m := re.match(r"No such command '(.+)'", text):
        return f"không có lệnh “{m[1]}”.", hint, 2
    return f"lệnh viết chưa đúng: {text}", hint, 2


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
    usage = type(exc).__module__.endswith("_click.exceptions") or type(exc).__module__.startswith("click")
    message, hint, code = explain_usage(exc) if usage else explain(exc)
    try:
        fail(message, hint, code)
    except typer.Exit as done:
        return done.exit_code
