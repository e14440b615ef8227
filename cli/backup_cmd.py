"""`kehoach backup FILE` and `kehoach restore FILE`: the database and the received files, while the system runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from cli.console import ensure_utf8, err, out


def backup(
    file: Annotated[Path, typer.Argument(help="Tệp sao lưu sẽ tạo (.tar; .tar.gz để nén).")],
) -> None:
    """Sao lưu cơ sở dữ liệu, các tệp đã nhận và khóa ký đường dẫn vào một tệp (hệ thống vẫn chạy bình thường)."""
    ensure_utf8()
    from tasks.backup import take_backup

    manifest = take_backup(file)
    tables = manifest["database"]["tables"]
    rows = sum(t["rows"] for t in tables.values())
    size_mb = file.stat().st_size / 1e6
    out.print(
        f"[green]✓[/] Đã sao lưu vào {file.resolve()} ({size_mb:.1f} MB): cơ sở dữ liệu "
        f"{manifest['database']['backend']} ({len(tables)} bảng, {rows} dòng), {len(manifest['files'])} tệp đã nhận"
        + (", khóa ký đường dẫn" if manifest["secret_key"] else "")
        + ".",
        soft_wrap=True,
    )
    if manifest["damaged_files"]:
        err.print(
            f"[yellow]Cảnh báo:[/] {len(manifest['damaged_files'])} tệp có nội dung không khớp tên (mã SHA-256), "
            f"ví dụ {manifest['damaged_files'][0]}; đã chép nguyên trạng. → Kiểm tra ổ đĩa của thư mục tệp.",
            soft_wrap=True,
        )
    out.print(f"→ Khôi phục vào một thư mục trống: KEHOACH_DATA_DIR=/thư/mục/mới kehoach restore {file}")


def restore(
    file: Annotated[Path, typer.Argument(help="Tệp do kehoach backup tạo ra.")],
) -> None:
    """Khôi phục một bản sao lưu vào thư mục dữ liệu và cơ sở dữ liệu trống, rồi đối chiếu từng bảng và từng tệp."""
    ensure_utf8()
    from tasks.backup import restore_backup

    if not file.is_file():
        raise FileNotFoundError(2, "không có tệp", str(file))
    res = restore_backup(file)
    from kehoach.settings import get_settings

    where = get_settings().data_dir.resolve()
    taken = datetime.fromisoformat(res["created_at"]).strftime("%H:%M ngày %d/%m/%Y") if res["created_at"] else "?"
    out.print(
        f"[green]✓[/] Đã khôi phục bản sao lưu lúc {taken} vào {where}: {res['tables']} bảng, "
        f"{res['rows']} dòng, {res['files']} tệp — tất cả khớp bản kê (số dòng, mã SHA-256)."
        + ("" if res["secret_key"] else " Bản sao lưu không có khóa ký: đặt KEHOACH_SECRET_KEY như máy cũ."),
        soft_wrap=True,
    )
    out.print("→ Chạy hệ thống trên dữ liệu này: kehoach serve")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
