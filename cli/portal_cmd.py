"""`kehoach portal [--host H] [--port P]`: serve the upload portal alone (uvicorn), without Prefect."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer


def portal(
    host: Annotated[
        str | None, typer.Option("--host", help="Địa chỉ lắng nghe (mặc định KEHOACH_PORTAL_HOST).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Cổng (mặc định KEHOACH_PORTAL_PORT).")] = None,
) -> None:
    """Chạy cổng nộp văn bản cho đơn vị (trang nộp, biên nhận, trang theo dõi); không cần máy chủ Prefect."""
    from kehoach.settings import get_settings

    settings = get_settings()
    args = ["--host", host or settings.portal_host, "--port", str(port or settings.portal_port)]
    typer.echo(f"Cổng nộp: http://{args[1]}:{args[3]}  (đường dẫn trong thư: {settings.portal_url})", err=True)
    # `python -m portal` is the one place that starts uvicorn (kehoach serve starts it too); the CLI becomes it
    os.execv(sys.executable, [sys.executable, "-m", "portal", *args])


def register(app: typer.Typer) -> None:
    app.command("portal")(portal)
