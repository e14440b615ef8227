"""`kehoach init`: create the data dir and bring the database to the newest schema."""

from __future__ import annotations

import typer

from cli.console import ensure_utf8, fail, out


def init() -> None:
    """Khởi tạo thư mục dữ liệu và cơ sở dữ liệu (chạy lại nhiều lần không sao)."""
    ensure_utf8()
    from kehoach.settings import get_settings
    from models.migrate import upgrade_to_head

    try:
        settings = get_settings()
        settings.ensure_dirs()
        settings.signing_key()
        rev = upgrade_to_head(settings.db_url)
    except Exception as exc:  # the operator needs the reason, not a traceback
        fail(f"không khởi tạo được cơ sở dữ liệu: {exc}", "Kiểm tra KEHOACH_DATABASE_URL và quyền ghi thư mục dữ liệu.")
    url = settings.db_url
    shown = url.split("@")[-1] if "@" in url else url
    out.print(f"[green]✓[/] Cơ sở dữ liệu sẵn sàng (phiên bản lược đồ {rev}): {shown}", soft_wrap=True)
    out.print(f"[green]✓[/] Thư mục dữ liệu: {settings.data_dir.resolve()}")
    # Prefect's own database too, so that the first flow does not wait for its migration
    from cli.prefect_env import prepare_prefect_db

    try:
        prepare_prefect_db(settings)
    except Exception as exc:  # the operator needs the reason, not a traceback
        fail(f"{exc}", f"Kiểm tra quyền ghi {settings.prefect_home}.")
    out.print(f"[green]✓[/] Cơ sở dữ liệu Prefect: {settings.prefect_home.resolve()}")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
