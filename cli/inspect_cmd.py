"""`kehoach inspect FILE [--json]`: read a plan or report and print its fields (no Prefect, no database)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

LABELS = [
    ("so_ky_hieu", "Số, ký hiệu"),
    ("loai_van_ban", "Loại văn bản"),
    ("co_quan_ban_hanh", "Cơ quan ban hành"),
    ("dia_danh", "Địa danh"),
    ("ngay_ban_hanh", "Ngày ban hành"),
    ("trich_yeu", "Trích yếu"),
    ("quyen_han_ky", "Quyền hạn ký"),
    ("chuc_vu", "Chức vụ"),
    ("nguoi_ky", "Người ký"),
]
ROLE = {"thuc_hien": "thực hiện", "de_biet": "để biết", "luu": "lưu"}


def inspect(
    file: Annotated[Path, typer.Argument(help="Tệp .docx hoặc .pdf cần đọc.")],
    as_json: Annotated[bool, typer.Option("--json", help="In một đối tượng JSON.")] = False,
) -> None:
    """Đọc văn bản (.docx, .pdf) và in các thông tin: số, ngày, cơ quan, trích yếu, căn cứ, thời hạn, nơi nhận."""
    from cli.console import ensure_utf8

    ensure_utf8()
    from kehoach.settings import get_settings
    from tasks.reading.parse import read_document
    from tasks.reading.safety import FileRejected, read_checked

    max_bytes = get_settings().max_upload_bytes
    try:
        # the size is judged before reading: a 200 MB file is refused without loading it
        data = read_checked(file, max_bytes=max_bytes)
        fields = read_document(data, file.name, max_bytes=max_bytes)
    except OSError as exc:
        typer.echo(f"Lỗi: không đọc được tệp “{file}”: {exc.strerror}.", err=True)
        raise typer.Exit(1) from exc
    except FileRejected as exc:
        if as_json:
            typer.echo(json.dumps({"error": exc.code, "message": exc.message}, ensure_ascii=False))
        else:
            typer.echo(f"Từ chối: {exc.message} (mã: {exc.code})", err=True)
        raise typer.Exit(2) from exc
    d = fields.to_json_dict()
    from datetime import date

    from kehoach.clock import vn_date_long

    def day(iso: str | None) -> str:
        return vn_date_long(date.fromisoformat(iso)) if iso else "—"

    if as_json:
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
    else:
        for key, name in LABELS:
            value = day(d[key]) if key == "ngay_ban_hanh" else d[key]
            typer.echo(f"{name}: {value if value is not None else '—'}")
        for c in d["can_cu"]:
            typer.echo(f"Căn cứ: {c['so_ky_hieu']}, {day(c['ngay'])}, của {c['co_quan'] or '—'}")
        for dl in d["deadlines"]:
            typer.echo(f"Thời hạn ({deadline_kind(dl)}): {deadline_when(dl, day)} — {dl['text'][:100]}")
        for n in d["noi_nhan"]:
            typer.echo(f"Nơi nhận ({ROLE[n['role']]}): {n['text']}")
        for w in d["warnings"]:
            typer.echo(f"Lưu ý: {w}")
    if not d["has_text_layer"]:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.command("inspect")(inspect)


def deadline_kind(dl: dict) -> str:
    """ "Báo cáo định kỳ 6 tháng", "Sơ kết", "Xây dựng kế hoạch": a deadline's kind as an office says it."""
    from models.states import label
    from tasks.plans.requirements import PERIOD_KINDS, PERIOD_WORDS

    period = PERIOD_WORDS.get(PERIOD_KINDS.get(dl["period"] or "", ""), "")
    return f"{label(dl['kind'])} {period}".strip()


def deadline_when(dl: dict, day) -> str:
    """The date a deadline states, as the text states it: a full date, a day and month each period ("ngày 20/11"),
    a day of the month ("ngày 20"), a month and year ("tháng 06/2028") or a year."""
    if dl["date"]:
        return day(dl["date"])
    if dl["day"] and dl["month"]:
        return f"ngày {dl['day']:02d}/{dl['month']:02d}"
    if dl["day"]:
        return f"ngày {dl['day']:02d} mỗi kỳ"
    if dl["month"] and dl["year"]:
        return f"tháng {dl['month']:02d}/{dl['year']}"
    return str(dl["year"]) if dl["year"] else "theo kỳ, văn bản không nêu ngày"
