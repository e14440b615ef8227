"""`kehoach plan …`, `approve`, `submit`, `extend`, `exempt`: issue a plan and follow it."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from cli.console import ensure_utf8, fail, out

plan_app = typer.Typer(help="Ban hành kế hoạch và theo dõi các đơn vị.", no_args_is_help=True)

RefArg = Annotated[str, typer.Argument(help="Mã tra cứu (REF) hoặc số, ký hiệu của kế hoạch, ví dụ 55/KH-UBND.")]
IssuerOpt = Annotated[str | None, typer.Option("--issuer", help="Mã cơ quan ban hành (khi số, ký hiệu trùng).")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Năm ban hành (khi số, ký hiệu trùng).")]
ByOpt = Annotated[str, typer.Option("--by", help="Người thực hiện (ghi vào nhật ký).")]


def _date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    fail(f"{what} “{value}” không đúng dạng ngày.", "Viết YYYY-MM-DD hoặc DD/MM/YYYY, ví dụ 2026-12-15.", 1)


def _quiet_prefect() -> None:
    import os

    # Operators read our summary; Prefect's INFO lines stay in the UI.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _plan_error(exc) -> None:
    fail(str(exc), exc.hint, 2)


def _find(ref: str, issuer: str | None, year: int | None):
    _quiet_prefect()
    from kehoach.errors import KehoachError
    from models.db import session_scope
    from tasks.lookup import require_plan

    try:
        with session_scope() as session:
            return require_plan(session, ref, issuer, year)
    except KehoachError as exc:
        _plan_error(exc)


def _print_preview(p: dict) -> None:
    from rich.table import Table

    from kehoach import clock
    from models.states import label

    out.print(
        f"[bold]{p.get('doc_type') or 'Văn bản'} {p.get('so_ky_hieu') or '(chưa có số)'}[/] — {p.get('subject') or ''}"
    )
    out.print(
        f"Cơ quan ban hành: {p['issuer']['name']} ({p['issuer']['code']}); ngày ban hành: {p.get('issued_on') or '—'}"
    )
    acting = [r for r in p["recipients"] if r["role"] == "thuc_hien"]
    informed = [r for r in p["recipients"] if r["role"] == "de_biet"]
    t = Table(title="Nơi nhận đã xác định", show_lines=False)
    for col in ("Vai trò", "Mã", "Đơn vị", "Thư điện tử", "Từ dòng"):
        t.add_column(col)
    for r in (acting + informed)[:60]:
        t.add_row(
            label(r["role"]), r["code"], r["name"], ", ".join(r["emails"]) or "[yellow]chưa có[/]", r["source_line"]
        )
    out.print(t)
    if len(acting) + len(informed) > 60:
        out.print(f"… và {len(acting) + len(informed) - 60} đơn vị khác.")
    out.print(f"Thực hiện: [bold]{len(acting)}[/] đơn vị; để biết: [bold]{len(informed)}[/] đơn vị.")
    if p["unresolved"]:
        out.print("[yellow]Dòng Nơi nhận chưa xác định được đơn vị nào:[/]")
        for line in p["unresolved"]:
            out.print(f"  - {line}")
        out.print(
            "→ Dùng [bold]--to[/] (mã đơn vị, tên nhóm, children, descendants) "
            "hoặc tạo nhóm: kehoach units group TÊN MÃ…"
        )
    if p["unreachable"]:
        codes = ", ".join(r["code"] for r in p["unreachable"][:20])
        out.print(
            f"[yellow]{len(p['unreachable'])} đơn vị chưa có địa chỉ thư[/] "
            f"({codes}{'…' if len(p['unreachable']) > 20 else ''})."
        )
        out.print(
            "→ Đặt địa chỉ: kehoach units set-email MÃ ĐỊA_CHỈ; hoặc in đường dẫn: kehoach plan links REF --unreachable"
        )
    rt = Table(title="Yêu cầu và hạn")
    for col in ("Yêu cầu", "Kỳ đầu", "Hạn", "Căn cứ"):
        rt.add_column(col)
    for r in p["requirements"]:
        due = date.fromisoformat(r["first_due"])
        rt.add_row(
            r.get("title") or label(r["kind"]),
            r.get("first_period") or "—",
            clock.vn_date_long(due),
            r.get("source_text") or "—",
        )
    out.print(rt)
    for w in p["warnings"]:
        out.print(f"[yellow]Lưu ý:[/] {w}")


@plan_app.command("issue")
def issue(
    file: Annotated[Path, typer.Argument(help="Tệp kế hoạch (.docx hoặc .pdf có lớp chữ).")],
    issuer: Annotated[str, typer.Option("--issuer", help="Mã cơ quan ban hành.")],
    to: Annotated[
        list[str] | None, typer.Option("--to", help="Thay Nơi nhận: mã đơn vị, tên nhóm, children, descendants.")
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="Hạn gửi kế hoạch của đơn vị (YYYY-MM-DD).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ xem trước, không thay đổi gì.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Người vận hành phê duyệt luôn và gửi ngay.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    by: ByOpt = "người vận hành",
) -> None:
    """Đọc kế hoạch, xác định đơn vị phải thực hiện, chờ phê duyệt rồi gửi cho từng đơn vị."""
    ensure_utf8()
    _quiet_prefect()
    due_d = _date(due, "Hạn")
    if not file.exists():
        fail(f"không tìm thấy tệp “{file}”.", "Kiểm tra lại đường dẫn tệp kế hoạch.", 1)
    from kehoach.errors import KehoachError
    from tasks.plans.approval import preview_plan
    from tasks.plans.read import read_plan

    if dry_run:
        try:
            plan = read_plan.fn(str(file), store=False)
            preview = preview_plan.fn(plan.fields, issuer, to, due_d)
        except KehoachError as exc:
            _plan_error(exc)
        if as_json:
            typer.echo(json.dumps({"dry_run": True, **preview}, ensure_ascii=False, indent=2, default=str))
        else:
            out.print("[bold cyan]XEM TRƯỚC — chưa ghi gì vào hệ thống.[/]")
            _print_preview(preview)
        return
    _quiet_prefect()
    from flows.issue_plan import issue_plan

    args = {"file": str(file.resolve()), "issuer": issuer, "to": to, "due": due_d, "yes": yes, "actor": by}
    try:
        result = issue_plan(**args) if as_json else _run_with_progress(issue_plan, **args)
    except KehoachError as exc:
        _plan_error(exc)
    if as_json:
        keys = ("ref", "so_ky_hieu", "obligations", "queued", "status")
        typer.echo(json.dumps({k: result[k] for k in keys}, ensure_ascii=False))
        return
    _print_preview(result["preview"])
    out.print(f"\nMã tra cứu kế hoạch (REF): [bold green]{result['ref']}[/]")
    if result["status"] == "dispatched":
        send = result.get("send") or {}
        out.print(
            f"[green]✓[/] Đã ban hành: {result['obligations']} nghĩa vụ; {result['queued']} thư mới vào hàng đợi; "
            f"đã gửi {send.get('sent', 0)}, lỗi {send.get('failed', 0)}, chờ gửi lại {send.get('retry', 0)}."
        )
        out.print(f"→ Theo dõi: [bold]kehoach plan status {result['ref']}[/]")
    elif result["status"] == "rejected":
        out.print("[yellow]Kế hoạch đã bị từ chối trước đó.[/] → Xem: kehoach plan status " + result["ref"])
    else:
        out.print("[yellow]Kế hoạch đang chờ lãnh đạo phê duyệt.[/]")
        out.print(
            f'→ Phê duyệt: [bold]kehoach approve {result["ref"]} --by "Họ tên"[/]  '
            f'· Từ chối: kehoach approve {result["ref"]} --reject --reason "…" --by "Họ tên"'
        )


def _run_with_progress(fn, /, **kwargs):
    """Run a flow in a worker thread; draw a progress bar of the notices it sends, from the outbox."""
    import threading
    import time
    from datetime import timedelta

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kehoach import clock
    from models.db import session_scope
    from models.outbox import count_messages_since

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
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=out, transient=True
    ) as bar:
        tid = bar.add_task("Đang đọc, đăng ký, xử lý kế hoạch…", total=None)
        while thread.is_alive():
            thread.join(0.3)
            with session_scope() as session:
                counts = count_messages_since(session=session, since=since)
            total = sum(counts.values())
            if total:
                done = counts.get("sent", 0) + counts.get("failed", 0)
                bar.update(tid, description="Đang gửi thông báo", total=total, completed=done)
            elif time.monotonic() - started > 1:
                bar.update(tid, description="Đang đọc, đăng ký, xử lý kế hoạch…")
    if "error" in result:
        raise result["error"]
    return result["value"]


@plan_app.command("list")
def plan_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Liệt kê các kế hoạch đã đăng ký."""
    ensure_utf8()
    from rich.table import Table

    from models.db import session_scope
    from models.documents import list_documents
    from models.obligations import count_obligations_by_plan
    from models.states import label

    rows = []
    with session_scope() as session:
        by_plan = count_obligations_by_plan(session=session)
        for d in list_documents(session=session):
            counts = by_plan.get(d.id, {})
            rows.append(
                {
                    "ref": d.ref,
                    "so_ky_hieu": d.so_ky_hieu,
                    "subject": d.subject,
                    "status": d.status,
                    "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                    "obligations": sum(counts.values()),
                    "pending": counts.get("pending", 0) + counts.get("returned", 0),
                }
            )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        out.print("Chưa có kế hoạch nào. → Ban hành: kehoach plan issue TỆP --issuer MÃ")
        return
    t = Table()
    for col in ("REF", "Số, ký hiệu", "Trích yếu", "Trạng thái", "Nghĩa vụ", "Chưa nộp"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            r["ref"],
            r["so_ky_hieu"] or "—",
            (r["subject"] or "")[:60],
            label(r["status"]),
            str(r["obligations"]),
            str(r["pending"]),
        )
    out.print(t)


@plan_app.command("status")
def status(
    ref: RefArg,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Ghi bảng ra tệp Excel.")] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Ghi bảng ra tệp CSV.")] = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Tình hình nộp của từng đơn vị: trạng thái, hạn, ngày nộp, số ngày trễ, kết quả xem xét."""
    ensure_utf8()
    from tasks.plans.status import plan_status

    doc = _find(ref, issuer, year)
    st = plan_status.fn(doc.id)
    if as_json:
        typer.echo(json.dumps(st, ensure_ascii=False, indent=2, default=str))
        return
    from models.states import label

    def when(iso: str | None) -> str:
        return f"{iso[11:16]} {iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""

    header = ["Mã", "Đơn vị", "Yêu cầu", "Kỳ", "Trạng thái", "Tiến độ", "Hạn", "Ngày nộp", "Số ngày trễ", "Xem xét"]
    table = [
        [
            u["code"],
            u["name"],
            label(u["requirement"]),
            u["period"] or "",
            u["state_label"],
            u["timeliness_label"],
            u["due"],
            when(u["submitted_at"]),
            u["days_late"],
            u["review_label"] or "",
        ]
        for u in st["units"]
    ]
    if csv_file:
        import csv

        with csv_file.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(table)
        out.print(f"[green]✓[/] Đã ghi {len(table)} dòng vào {csv_file}")
    if xlsx:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Tình hình nộp"
        ws.append(header)
        for row in table:
            ws.append(row)
        wb.save(xlsx)
        out.print(f"[green]✓[/] Đã ghi {len(table)} dòng vào {xlsx}")
    if csv_file or xlsx:
        return
    from rich.table import Table

    t = Table(title=f"{st['so_ky_hieu'] or st['ref']} — {st['subject'][:80]} ({st['status_label']})")
    for col in header:
        t.add_column(col)
    for row in table:
        t.add_row(*[str(c) for c in row])
    out.print(t)
    c = st["counts"]
    out.print(
        f"Tổng {c.get('total', 0)}: chưa nộp {c.get('pending', 0)}, đã nộp {c.get('submitted', 0)}, "
        f"đã tiếp nhận {c.get('accepted', 0)}, trả lại {c.get('returned', 0)}, miễn {c.get('exempt', 0)}; "
        f"quá hạn {c.get('overdue', 0) + c.get('locked', 0)}."
    )
    if st["mail_failures"]:
        out.print(f"[red]{len(st['mail_failures'])} thư gửi lỗi:[/]")
        for m in st["mail_failures"][:20]:
            out.print(f"  - {m.get('to_addr')}: {m.get('last_reply')}")


@plan_app.command("links")
def links(
    ref: RefArg,
    unit: Annotated[str | None, typer.Option("--unit", help="Chỉ đơn vị này.")] = None,
    unreachable: Annotated[bool, typer.Option("--unreachable", help="Chỉ đơn vị chưa có địa chỉ thư.")] = False,
    supervisor: Annotated[bool, typer.Option("--supervisor", help="In đường dẫn trang theo dõi.")] = False,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """In đường dẫn nộp riêng của từng đơn vị (để in hoặc gửi cách khác)."""
    ensure_utf8()
    from models.db import session_scope
    from models.obligations import list_status_rows
    from tasks.links import link_url, supervisor_url

    doc = _find(ref, issuer, year)
    if supervisor:
        typer.echo(supervisor_url(doc))
        return
    with session_scope() as session:
        rows = list_status_rows(session=session, document_id=doc.id)
        shown = 0
        for ob, code, name, emails, _review in rows:
            if unit and code != unit:
                continue
            if unreachable and emails:
                continue
            shown += 1
            typer.echo(f"{code}\t{name}\t{ob.period or '-'}\t{link_url(ob)}")
    if not shown:
        out.print("Không có đơn vị nào phù hợp.", stderr=True) if False else typer.echo(
            "Không có đơn vị nào phù hợp.", err=True
        )


@plan_app.command("resend")
def resend(
    ref: RefArg,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị.")],
    by: ByOpt = "người vận hành",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Gửi lại thông báo kế hoạch cho một đơn vị (ví dụ sau khi đổi địa chỉ thư)."""
    ensure_utf8()
    from kehoach.errors import KehoachError
    from tasks.mail import send_queued_mail
    from tasks.plans.dispatch import queue_resend

    doc = _find(ref, issuer, year)
    try:
        n = queue_resend.fn(doc.id, unit, by)
    except KehoachError as exc:
        _plan_error(exc)
    res = send_queued_mail.fn(document_id=doc.id)
    out.print(f"[green]✓[/] Đã đưa {n} thư vào hàng đợi; đã gửi {res.get('sent', 0)}, lỗi {res.get('failed', 0)}.")


def approve(
    ref: RefArg,
    by: Annotated[str, typer.Option("--by", help="Họ tên lãnh đạo phê duyệt.")],
    due: Annotated[str | None, typer.Option("--due", help="Hạn gửi kế hoạch của đơn vị (YYYY-MM-DD).")] = None,
    reject: Annotated[bool, typer.Option("--reject", help="Từ chối (cần --reason).")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do từ chối.")] = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Phê duyệt (rồi gửi ngay) hoặc từ chối kế hoạch đang chờ."""
    ensure_utf8()
    due_d = _date(due, "Hạn")
    if reject and not (reason or "").strip():
        fail("từ chối phải có lý do.", 'Thêm --reason "…".', 2)
    doc = _find(ref, issuer, year)
    _quiet_prefect()
    from flows.approve_plan import approve_plan
    from kehoach.errors import KehoachError

    try:
        res = _run_with_progress(approve_plan, ref=doc.ref, by=by, approve=not reject, reason=reason, due=due_d)
    except KehoachError as exc:
        _plan_error(exc)
    if res["status"] == "rejected":
        out.print(f"[yellow]Đã từ chối kế hoạch {doc.so_ky_hieu or doc.ref}.[/] Lý do: {reason}")
    else:
        send = res.get("send") or {}
        out.print(
            f"[green]✓[/] {by} đã phê duyệt {doc.so_ky_hieu or doc.ref}: {res.get('obligations', 0)} nghĩa vụ, "
            f"đã gửi {send.get('sent', 0)} thư, lỗi {send.get('failed', 0)}."
        )
        out.print(f"→ Theo dõi: kehoach plan status {doc.ref}")


def submit(
    ref: RefArg,
    file: Annotated[Path, typer.Argument(help="Tệp đơn vị gửi (.docx hoặc .pdf).")],
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị nộp.")],
    period: Annotated[str | None, typer.Option("--period", help="Kỳ: 2026-03, 2026-Q1, 2026-H1, 2026.")] = None,
    by: ByOpt = "văn thư",
    channel: Annotated[str, typer.Option("--channel", help="email, paper hoặc cli.")] = "cli",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Ghi nhận bản đơn vị nộp qua thư điện tử hoặc giấy (cùng kiểm tra và biên nhận như cổng nộp)."""
    ensure_utf8()
    if not file.exists():
        fail(f"không tìm thấy tệp “{file}”.", None, 1)
    doc = _find(ref, issuer, year)
    from kehoach.errors import KehoachError
    from tasks.mail import send_queued_mail
    from tasks.submissions import record_submission

    try:
        res = record_submission.fn(doc.id, unit, file.read_bytes(), file.name, channel, by, period)
    except KehoachError as exc:
        _plan_error(exc)
    send_queued_mail.fn(document_id=doc.id)
    when = "đúng hạn" if res["on_time"] else "trễ hạn"
    out.print(f"[green]✓[/] Đã nhận bản lần {res['version']} của đơn vị {res['unit']} ({when}); đã gửi biên nhận.")


def extend(
    ref: RefArg,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị.")],
    to: Annotated[str, typer.Option("--to", help="Hạn mới (YYYY-MM-DD).")],
    reason: Annotated[str, typer.Option("--reason", help="Lý do gia hạn.")],
    by: ByOpt = "người vận hành",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Gia hạn cho một đơn vị."""
    _change(ref, unit, "extend", reason, by, _date(to, "Hạn mới"), issuer, year)


def exempt(
    ref: RefArg,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị.")],
    reason: Annotated[str, typer.Option("--reason", help="Lý do miễn nộp.")],
    by: ByOpt = "người vận hành",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Miễn nộp cho một đơn vị."""
    _change(ref, unit, "exempt", reason, by, None, issuer, year)


def _change(ref, unit, action, reason, by, new_due, issuer, year) -> None:
    ensure_utf8()
    doc = _find(ref, issuer, year)
    from kehoach import clock
    from kehoach.errors import KehoachError
    from tasks.submissions import change_obligation

    try:
        res = change_obligation.fn(doc.id, unit, action, reason, by, new_due)
    except KehoachError as exc:
        _plan_error(exc)
    if action == "extend":
        out.print(f"[green]✓[/] Đã gia hạn cho {res['unit']} đến {clock.vn_date_long(date.fromisoformat(res['due']))}.")
    else:
        out.print(f"[green]✓[/] Đã miễn nộp cho {res['unit']}.")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
    app.command("approve")(approve)
    app.command("submit")(submit)
    app.command("extend")(extend)
    app.command("exempt")(exempt)
