"""`kehoach registers --year Y`: the registers of documents sent and received an office keeps (Nghị định 30)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.console import out
from cli.options import output_file


def registers(
    year: Annotated[int, typer.Option("--year", help="Năm của sổ (số đến, số văn bản bắt đầu lại mỗi năm).")],
    unit: Annotated[str | None, typer.Option("--unit", help="Mã cơ quan (mặc định: mọi cơ quan đã ban hành).")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Ghi hai sổ ra tệp Excel (hai trang tính).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False,
) -> None:
    """Sổ đăng ký văn bản đi (số, ngày, trích yếu, nơi nhận) và văn bản đến (số đến, ngày, nơi gửi, trích yếu)."""
    from rich.table import Table

    from tasks.registers import RECEIVED_HEADER, SENT_HEADER, office_registers, register_rows

    if xlsx is not None:
        output_file(xlsx)
    offices = office_registers(year, unit)
    sent, received = register_rows(offices)
    if as_json:
        typer.echo(json.dumps(offices, ensure_ascii=False, indent=2, default=str))
        return
    if xlsx is not None:
        from tasks.exports import write_xlsx_sheets

        write_xlsx_sheets(xlsx, [("Văn bản đi", SENT_HEADER, sent), ("Văn bản đến", RECEIVED_HEADER, received)])
        out.print(
            f"[green]✓[/] Đã ghi sổ văn bản đi ({len(sent)} dòng) và văn bản đến ({len(received)} dòng) "
            f"vào {escape(str(xlsx))}"
        )
        return
    if not offices:
        out.print(f"Chưa có cơ quan nào ban hành văn bản năm {year}.")
        return
    for o in offices:
        t = Table(title=escape(f"SỔ ĐĂNG KÝ VĂN BẢN ĐI năm {year} — {o['name']} ({o['code']})"))
        for col in SENT_HEADER[1:]:
            t.add_column(col)
        for r in o["sent"]:
            day = r["ngay"].strftime("%d/%m/%Y") if r["ngay"] else ""
            cells = [r["so_ky_hieu"] or "", day, r["loai"], r["trich_yeu"][:80], r["noi_nhan"], r["nguoi_ky"] or ""]
            t.add_row(*(escape(c) for c in [*cells, r["ghi_chu"]]))
        out.print(t)
        t = Table(title=escape(f"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN năm {year} — {o['name']} ({o['code']})"))
        for col in RECEIVED_HEADER[1:]:
            t.add_column(col)
        for r in o["received"]:
            day = r["ngay"].strftime("%d/%m/%Y") if r["ngay"] else ""
            cells = [r["so_den"], r["ngay_den"].strftime("%H:%M %d/%m/%Y"), r["noi_gui"], r["so_ky_hieu"] or "", day]
            cells += [r["trich_yeu"][:80], r["theo"], r["kenh"], str(r["lan"]), r["xem_xet"]]
            t.add_row(*(escape(c) for c in cells))
        out.print(t)
        out.print(f"{len(o['sent'])} văn bản đi, {len(o['received'])} văn bản đến.")


def register(app: typer.Typer) -> None:
    app.command("registers")(registers)
