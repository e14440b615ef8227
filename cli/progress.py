"""Run a flow while a progress bar shows the notices it sends (read from the outbox)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cli.console import out


def run_with_progress(fn: Callable[..., dict], /, **kwargs: object) -> dict:
    """Run `fn(**kwargs)` in a worker thread; draw a bar of the messages it queues and sends; return its result."""
    from kehoach import clock
    from tasks.mail.status import counts_since

    # messages queued from a second before now on are this run's (a fixed clock may count older ones too)
    since = clock.now() - timedelta(seconds=1)
    result: dict = {}

    def work() -> None:
        try:
            result["value"] = fn(**kwargs)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    started = time.monotonic()
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=out, transient=True) as bar:
        tid = bar.add_task("Đang đọc, đăng ký, xử lý kế hoạch…", total=None)
        while thread.is_alive():
            thread.join(0.3)
            counts = counts_since(since)
            total = sum(counts.values())
            if total:
                done = counts.get("sent", 0) + counts.get("failed", 0)
                bar.update(tid, description="Đang gửi thông báo", total=total, completed=done)
            elif time.monotonic() - started > 1:
                bar.update(tid, description="Đang đọc, đăng ký, xử lý kế hoạch…")
    if "error" in result:
        raise result["error"]
    return result["value"]


def say_sent(send: dict | None) -> None:
    """Print what a send did; exit non-zero when nothing could be sent (no server, a refused login)."""
    from cli.console import fail

    send = send or {}
    sent, retry, failed = send.get("sent", 0), send.get("retry", 0), send.get("failed", 0)
    if not (sent or retry or failed):
        return
    out.print(f"[green]✓[/] Đã gửi {sent}; sẽ gửi lại sau {retry}; lỗi {failed}.")
    problem = send.get("problem") or ""
    if retry and not sent:
        if problem.startswith("535") or "Authentication" in problem:
            fail(
                f"máy chủ thư từ chối đăng nhập ({problem}); chưa gửi được thư nào.",
                "Kiểm tra KEHOACH_SMTP_USERNAME và KEHOACH_SMTP_PASSWORD, rồi chạy: kehoach outbox send",
            )
        fail(
            f"chưa gửi được thư nào: {problem or 'máy chủ thư không trả lời'}.",
            "Thư vẫn nằm trong hộp thư đi; kiểm tra máy chủ thư rồi chạy: kehoach outbox send",
        )
    if failed:
        out.print(f"[red]{failed} thư gửi lỗi hẳn[/] (lần cuối: {problem}). → Xem: [bold]kehoach outbox status[/]")
