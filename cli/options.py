"""Options and argument parsing shared by the commands."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from cli.console import fail
from kehoach.text import shown

RefArg = Annotated[str, typer.Argument(help="Mã tra cứu (REF) hoặc số, ký hiệu của kế hoạch, ví dụ 55/KH-UBND.")]
IssuerOpt = Annotated[str | None, typer.Option("--issuer", help="Mã cơ quan ban hành (khi số, ký hiệu trùng).")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Năm ban hành (khi số, ký hiệu trùng).")]
ByOpt = Annotated[str, typer.Option("--by", help="Người thực hiện (ghi vào nhật ký).")]
PeriodOpt = Annotated[str | None, typer.Option("--period", help="Kỳ: 2026-03, 2026-Q1, 2026-H1, 2026.")]
RequirementOpt = Annotated[
    str | None, typer.Option("--requirement", help="Yêu cầu: ke-hoach, bao-cao, so-ket, tong-ket.")
]
AllowPastOpt = Annotated[
    bool, typer.Option("--allow-past", help="Chấp nhận hạn đã qua (phải kèm --reason; ghi vào nhật ký).")
]


def parse_date(value: str | None, what: str) -> date | None:
    """Return a date written YYYY-MM-DD or DD/MM/YYYY, or stop with an operator's message."""
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            pass
    fail(f"{what} “{value}” không đúng dạng ngày.", "Viết YYYY-MM-DD hoặc DD/MM/YYYY, ví dụ 2026-12-15.", 1)


def input_file(path: Path, what: str = "tệp") -> Path:
    """Return a file the command may read, or stop: missing, a folder, or unreadable."""
    if not path.exists():
        fail(f"không tìm thấy {what} “{shown(path)}”.", "Kiểm tra lại đường dẫn.", 1)
    if path.is_dir():
        fail(f"“{shown(path)}” là một thư mục, không phải {what}.", "Chỉ đường dẫn tới một tệp .docx hoặc .pdf.", 1)
    if not os.access(path, os.R_OK):
        fail(f"không có quyền đọc “{shown(path)}”.", "Kiểm tra quyền của tệp.", 1)
    return path


def output_file(path: Path) -> Path:
    """Return a path the command may write, or stop: its folder must exist."""
    if path.is_dir():
        fail(f"“{shown(path)}” là một thư mục; cần tên tệp để ghi.", "Ví dụ: --xlsx tinh-hinh.xlsx", 1)
    if not path.parent.exists():
        fail(f"thư mục “{shown(path.parent)}” không tồn tại.", "Tạo thư mục trước, hoặc ghi vào thư mục khác.", 1)
    return path


def past_reason(allow_past: bool, reason: str | None) -> str | None:
    """Return the audited reason for accepting a past due date, or stop when --allow-past comes without one."""
    if not allow_past:
        return None
    if not (reason or "").strip():
        fail("--allow-past cần lý do.", 'Thêm --reason "lý do chấp nhận hạn đã qua".', 2)
    return reason
