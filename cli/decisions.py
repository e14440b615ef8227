"""`kehoach approve|submit|extend|exempt`: a leader's decision, a file that came another way, extensions."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cli.console import out
from cli.options import (
    AllowPastOpt,
    ByOpt,
    IssuerOpt,
    PeriodOpt,
    RefArg,
    RequirementOpt,
    YearOpt,
    input_file,
    parse_date,
    past_reason,
)
from cli.plan import find
from cli.prefect_env import use_prefect
from cli.progress import run_with_progress, say_sent


def approve(
    ref: RefArg,
    by: Annotated[str, typer.Option("--by", help="Họ tên lãnh đạo phê duyệt.")],
    due: Annotated[str | None, typer.Option("--due", help="Hạn gửi kế hoạch của đơn vị (YYYY-MM-DD).")] = None,
    reject: Annotated[bool, typer.Option("--reject", help="Từ chối (cần --reason).")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do từ chối (hoặc lý do --allow-past).")] = None,
    allow_past: AllowPastOpt = False,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Phê duyệt (rồi gửi ngay) hoặc từ chối kế hoạch đang chờ."""
    from cli.console import fail

    due_d = parse_date(due, "Hạn")
    if reject and not (reason or "").strip():
        fail("từ chối phải có lý do.", 'Thêm --reason "…".', 2)
    past_reason(allow_past, reason)
    doc = find(ref, issuer, year)
    use_prefect()
    from flows.approve_plan import approve_plan

    kwargs = {"ref": doc.ref, "by": by, "approve": not reject, "reason": reason, "due": due_d, "allow_past": allow_past}
    res = run_with_progress(approve_plan, **kwargs)
    if res["status"] == "rejected":
        out.print(f"[yellow]Đã từ chối kế hoạch {doc.so_ky_hieu or doc.ref}.[/] Lý do: {reason}")
        out.print("→ Kế hoạch đã sửa là một lần đăng ký mới: kehoach plan issue TỆP_ĐÃ_SỬA --issuer MÃ")
        return
    out.print(f"[green]✓[/] {by} đã phê duyệt {doc.so_ky_hieu or doc.ref}: {res.get('obligations', 0)} nghĩa vụ.")
    say_sent(res.get("send"))
    out.print(f"→ Theo dõi: kehoach plan status {doc.ref}")


def _choose(doc_id: int, unit: str, *, fields: dict | None, period: str | None, requirement: str | None, purpose: str):
    """Return the obligation meant; at a terminal, ask when several fit; elsewhere refuse and list them."""
    from tasks.obligations import AmbiguousObligation, choose_obligation

    try:
        return choose_obligation(doc_id, unit, fields=fields, period=period, requirement=requirement, purpose=purpose)
    except AmbiguousObligation as exc:
        if not sys.stdin.isatty():
            raise
        out.print(exc.message)
        for i, c in enumerate(exc.choices, 1):
            out.print(f"  {i}. {c.describe()}")
        n = typer.prompt("Chọn số", type=int)
        if not 1 <= n <= len(exc.choices):
            raise
        return exc.choices[n - 1]


def submit(
    ref: RefArg,
    file: Annotated[Path, typer.Argument(help="Tệp đơn vị gửi (.docx hoặc .pdf).")],
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị nộp.")],
    period: PeriodOpt = None,
    requirement: RequirementOpt = None,
    by: ByOpt = "văn thư",
    channel: Annotated[str, typer.Option("--channel", help="email, paper hoặc cli.")] = "cli",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Ghi nhận bản đơn vị nộp qua thư điện tử hoặc giấy (cùng kiểm tra và biên nhận như cổng nộp)."""
    input_file(file, "tệp nộp")
    doc = find(ref, issuer, year)
    from tasks.mail import send_queued_mail
    from tasks.obligations import read_submitted_file
    from tasks.submissions import record_submission

    data, fields = read_submitted_file(str(file))
    choice = _choose(doc.id, unit, fields=fields, period=period, requirement=requirement, purpose="nộp")
    res = record_submission.fn(doc.id, unit, data, file.name, channel, by, obligation_id=choice.obligation_id)
    when = "đúng hạn" if res["on_time"] else "trễ hạn"
    out.print(
        f"[green]✓[/] Đã nhận bản lần {res['version']} của đơn vị {res['unit']} cho {choice.describe()} ({when})."
    )
    say_sent(send_queued_mail.fn(document_id=doc.id))


def extend(
    ref: RefArg,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị.")],
    to: Annotated[str, typer.Option("--to", help="Hạn mới (YYYY-MM-DD).")],
    reason: Annotated[str, typer.Option("--reason", help="Lý do gia hạn.")],
    period: PeriodOpt = None,
    requirement: RequirementOpt = None,
    allow_past: AllowPastOpt = False,
    by: ByOpt = "người vận hành",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Gia hạn cho một đơn vị (một nghĩa vụ: chỉ rõ --period/--requirement khi đơn vị có nhiều)."""
    _change(ref, unit, "extend", reason, by, parse_date(to, "Hạn mới"), issuer, year, period, requirement, allow_past)


def exempt(
    ref: RefArg,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị.")],
    reason: Annotated[str, typer.Option("--reason", help="Lý do miễn nộp.")],
    period: PeriodOpt = None,
    requirement: RequirementOpt = None,
    by: ByOpt = "người vận hành",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Miễn nộp cho một đơn vị (một nghĩa vụ: chỉ rõ --period/--requirement khi đơn vị có nhiều)."""
    _change(ref, unit, "exempt", reason, by, None, issuer, year, period, requirement, False)


def _change(
    ref: str,
    unit: str,
    action: str,
    reason: str,
    by: str,
    new_due: date | None,
    issuer: str | None,
    year: int | None,
    period: str | None,
    requirement: str | None,
    allow_past: bool,
) -> None:
    from kehoach import clock
    from tasks.obligations import change_obligation

    doc = find(ref, issuer, year)
    purpose = "gia hạn" if action == "extend" else "miễn nộp"
    choice = _choose(doc.id, unit, fields=None, period=period, requirement=requirement, purpose=purpose)
    res = change_obligation.fn(choice.obligation_id, action, reason, by, new_due, allow_past)
    if action == "extend":
        due = clock.vn_date_long(date.fromisoformat(res["due"]))
        out.print(f"[green]✓[/] Đã gia hạn {choice.describe()} cho {res['unit']} đến {due}.")
    else:
        out.print(f"[green]✓[/] Đã miễn nộp {choice.describe()} cho {res['unit']}.")
    if not res["addresses"]:
        out.print(f"[yellow]Đơn vị {res['unit']} chưa có địa chỉ thư[/]: hãy báo đơn vị bằng cách khác.")
        return
    from tasks.mail import send_queued_mail

    say_sent(send_queued_mail.fn(document_id=doc.id, only_urgent=True))


def register(app: typer.Typer) -> None:
    app.command("approve")(approve)
    app.command("submit")(submit)
    app.command("extend")(extend)
    app.command("exempt")(exempt)
