"""`kehoach outbox send|status` and `kehoach mailbox`: the durable outbox and the embedded catcher."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from kehoach.cli.console import ensure_utf8, out

outbox_app = typer.Typer(help="Hộp thư đi: gửi thư đang chờ, xem tình trạng.", no_args_is_help=True)


@outbox_app.command("send")
def send() -> None:
    """Gửi mọi thư đang chờ (tiếp tục sau khi bị gián đoạn)."""
    ensure_utf8()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from models.db import session_scope
    from models.outbox import count_messages_by_state
    from tasks.mail import send_queued

    with session_scope() as session:
        counts = count_messages_by_state(session=session)
    waiting = counts.get("queued", 0) + counts.get("sending", 0)
    if not waiting:
        out.print("Không có thư nào đang chờ gửi.")
        return
    with Progress(TextColumn("Đang gửi thư"), BarColumn(), MofNCompleteColumn(), console=out) as bar:
        tid = bar.add_task("gửi", total=waiting)
        res = send_queued(progress=lambda _o: bar.advance(tid))
    out.print(f"[green]✓[/] Đã gửi {res['sent']}; sẽ gửi lại sau {res['retry']}; lỗi {res['failed']}.")
    if res["failed"]:
        out.print("→ Xem thư lỗi: [bold]kehoach outbox status[/]")


@outbox_app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False) -> None:
    """Đếm thư theo trạng thái và liệt kê thư gửi lỗi."""
    ensure_utf8()
    from models.db import session_scope
    from models.outbox import count_messages_by_state, list_failed_messages
    from models.states import label

    with session_scope() as session:
        counts = count_messages_by_state(session=session)
        failures = list_failed_messages(session=session)
    if as_json:
        typer.echo(json.dumps({"counts": counts, "failures": failures}, ensure_ascii=False, indent=2))
        return
    if not counts:
        out.print("Hộp thư đi trống.")
        return
    out.print(", ".join(f"{label(k)}: {v}" for k, v in sorted(counts.items())))
    for f in failures[:50]:
        out.print(f"[red]✗[/] {f['to_name'] or ''} <{f['to_addr']}>: {f['last_reply']}")


def mailbox(limit: Annotated[int, typer.Option("--limit", help="Số thư mới nhất.")] = 50) -> None:
    """Xem các thư hộp thư nội bộ đã nhận (khi chưa cấu hình máy chủ SMTP)."""
    ensure_utf8()
    from rich.table import Table

    from kehoach.settings import get_settings
    from tasks.mail.catcher import list_caught

    folder = get_settings().mail_dir
    items = list_caught(folder, limit)
    if not items:
        out.print(f"Chưa có thư nào trong {folder}.")
        return
    t = Table(title=f"Hộp thư nội bộ ({folder})")
    for col in ("Người nhận", "Tiêu đề", "Thời gian"):
        t.add_column(col)
    for m in items:
        t.add_row(m["to"], m["subject"][:80], m["date"])
    out.print(t)


def register(app: typer.Typer) -> None:
    app.add_typer(outbox_app, name="outbox")
    app.command("mailbox")(mailbox)
