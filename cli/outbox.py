"""`kehoach outbox send|status` and `kehoach mailbox`: the durable outbox and the embedded catcher."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from cli.console import out
from cli.progress import say_sent

outbox_app = typer.Typer(help="Hộp thư đi: gửi thư đang chờ, xem tình trạng.", no_args_is_help=True)


@outbox_app.command("send")
def send() -> None:
    """Gửi mọi thư đang chờ (tiếp tục sau khi bị gián đoạn)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kehoach.settings import get_settings
    from tasks.mail import in_sending_window, send_queued
    from tasks.mail.status import due_now

    settings = get_settings()
    inside = in_sending_window()
    due, held = due_now(urgent_only=not inside)
    window = f"{settings.mail_window_start:%H:%M}–{settings.mail_window_end:%H:%M} ngày làm việc"
    if held:
        out.print(f"{held} thư nhắc hạn, đôn đốc, tổng hợp chờ đến khung giờ gửi ({window}).")
    if not due:
        out.print("Không có thư nào cần gửi lúc này.")
        return
    where = settings.smtp_host or f"hộp thư nội bộ {settings.mail_dir}"
    with Progress(TextColumn(f"Đang gửi thư qua {where}"), BarColumn(), MofNCompleteColumn(), console=out) as bar:
        tid = bar.add_task("gửi", total=due)
        res = send_queued(progress=lambda _o: bar.advance(tid))
    say_sent(res)
    if res["retry"]:
        out.print("→ Thư chờ gửi lại sẽ được gửi ở lần chạy sau: [bold]kehoach outbox send[/]")
    if not settings.smtp_host:
        out.print("→ Xem thư đã gửi: [bold]kehoach mailbox[/]")


@outbox_app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False) -> None:
    """Đếm thư theo trạng thái và liệt kê thư gửi lỗi."""
    from models.states import label
    from tasks.mail.status import outbox_summary

    summary = outbox_summary()
    counts, failures = summary["counts"], summary["failures"]
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    if not counts:
        out.print("Hộp thư đi trống.")
        return
    out.print(", ".join(f"{label(k)}: {v}" for k, v in sorted(counts.items())))
    for f in failures[:50]:
        who = escape(f"{f['to_name'] or ''} <{f['to_addr']}>")
        out.print(f"[red]✗[/] {who} ({label(f['kind'])}): {escape(f['last_reply'] or '')}")
    if len(failures) > 50:
        out.print(f"… và {len(failures) - 50} thư lỗi khác (xem đủ: kehoach outbox status --json).")


def mailbox(limit: Annotated[int, typer.Option("--limit", help="Số thư mới nhất.")] = 50) -> None:
    """Xem các thư hộp thư nội bộ đã nhận (khi chưa cấu hình máy chủ SMTP), thư mới nhất trước."""
    from rich.table import Table

    from kehoach.settings import get_settings
    from tasks.mail.catcher import list_caught

    folder = get_settings().mail_dir
    items = list_caught(folder, limit)
    if not items:
        out.print(f"Chưa có thư nào trong {folder}.")
        return
    t = Table(title=f"Hộp thư nội bộ ({folder}) — thư mới nhất trước")
    for col in ("Người nhận", "Tiêu đề", "Thời gian"):
        t.add_column(col)
    for m in reversed(items):
        t.add_row(escape(m["to"] or ""), escape(m["subject"][:80]), m["date"])
    out.print(t)


def register(app: typer.Typer) -> None:
    app.add_typer(outbox_app, name="outbox")
    app.command("mailbox")(mailbox)
