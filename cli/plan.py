"""`kehoach plan issue|list|status|links|resend`: issue a plan and follow it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.console import fail, out
from cli.options import (
    AllowPastOpt,
    ByOpt,
    IssuerOpt,
    RefArg,
    YearOpt,
    input_file,
    output_file,
    parse_date,
    past_reason,
)
from cli.prefect_env import use_prefect
from cli.progress import run_with_progress, say_sent

plan_app = typer.Typer(help="Ban hành kế hoạch và theo dõi các đơn vị.", no_args_is_help=True)


def find(ref: str, issuer: str | None, year: int | None):  # -> Document
    """Return the plan a REF or số, ký hiệu names (errors reach the operator through `cli.main`)."""
    from models.db import session_scope
    from tasks.lookup import require_plan

    with session_scope() as session:
        return require_plan(session, ref, issuer, year)


def print_preview(p: dict) -> None:
    """Print who must act, who is informed, what was not understood, and the requirements with their due dates."""
    from rich.table import Table

    from kehoach import clock
    from models.states import label

    e = escape
    out.print(
        f"[bold]{e(p.get('doc_type') or 'Văn bản')} {e(p.get('so_ky_hieu') or '(chưa có số)')}[/] — "
        f"{e(p.get('subject') or '')}"
    )
    out.print(
        f"Cơ quan ban hành: {e(p['issuer']['name'])} ({e(p['issuer']['code'])}); "
        f"ngày ban hành: {p.get('issued_on') or '—'}"
    )
    acting = [r for r in p["recipients"] if r["role"] == "thuc_hien"]
    informed = [r for r in p["recipients"] if r["role"] == "de_biet"]
    t = Table(title="Nơi nhận đã xác định", show_lines=False)
    for col in ("Vai trò", "Mã", "Đơn vị", "Thư điện tử", "Từ dòng"):
        t.add_column(col)
    for r in (acting + informed)[:60]:
        t.add_row(
            label(r["role"]),
            e(r["code"]),
            e(r["name"]),
            e(", ".join(r["emails"])) or "[yellow]chưa có[/]",
            e(r["source_line"]),
        )
    out.print(t)
    if len(acting) + len(informed) > 60:
        out.print(f"… và {len(acting) + len(informed) - 60} đơn vị khác.")
    out.print(f"Thực hiện: [bold]{len(acting)}[/] đơn vị; để biết: [bold]{len(informed)}[/] đơn vị.")
    if p["unresolved"]:
        out.print("[yellow]Dòng Nơi nhận chưa xác định được đơn vị nào:[/]")
        for line in p["unresolved"]:
            out.print(f"  - {e(line)}")
        out.print(
            "→ Dùng [bold]--to[/] (mã đơn vị, tên nhóm, children, descendants) "
            "hoặc tạo nhóm: kehoach units group TÊN MÃ…"
        )
    if p["unreachable"]:
        codes = ", ".join(r["code"] for r in p["unreachable"][:20])
        out.print(
            f"[yellow]{len(p['unreachable'])} đơn vị chưa có địa chỉ thư[/] "
            f"({e(codes)}{'…' if len(p['unreachable']) > 20 else ''})."
        )
        out.print(
            "→ Đặt địa chỉ: kehoach units set-email MÃ ĐỊA_CHỈ; hoặc in đường dẫn: kehoach plan links REF --unreachable"
        )
    rt = Table(title="Yêu cầu và hạn")
    for col in ("Yêu cầu", "Kỳ đầu", "Hạn", "Căn cứ"):
        rt.add_column(col)
    for r in p["requirements"]:
        rt.add_row(
            e(r.get("title") or label(r["kind"])),
            r.get("first_period") or "—",
            clock.vn_date_long(date.fromisoformat(r["first_due"])),
            e(r.get("source_text") or "—"),
        )
    out.print(rt)
    for w in p["warnings"]:
        out.print(f"[yellow]Lưu ý:[/] {e(w)}")


def print_parents(parents: list[dict]) -> None:
    """Print what becomes of the plan under each parent plan it answers (the cascade)."""
    from kehoach import clock

    for p in parents:
        name = escape(p.get("so_ky_hieu") or p["ref"])
        if p.get("recorded") is False and p.get("note"):
            out.print(f"[yellow]Kế hoạch cấp trên {name} ({p['ref']}): chưa ghi nhận bản nộp[/] — {escape(p['note'])}")
        elif "version" in p:
            timing = "đúng hạn" if p.get("on_time") else "trễ hạn"
            out.print(
                f"[green]✓[/] Đã ghi nhận là bản nộp của đơn vị cho kế hoạch {name} ({p['ref']}): "
                f"lần {p['version']}, số đến {p['receipt_no']}, {timing}."
            )
        else:
            due = f", hạn {clock.vn_date_long(date.fromisoformat(p['due']))}" if p.get("due") else ""
            out.print(
                f"Căn cứ kế hoạch cấp trên {name} ({p['ref']}): khi ban hành sẽ được ghi nhận là bản nộp "
                f"của đơn vị ({escape(p.get('state_label') or '')}{due})."
            )


@plan_app.command("issue")
def issue(
    file: Annotated[Path, typer.Argument(help="Tệp kế hoạch (.docx hoặc .pdf có lớp chữ).")],
    issuer: Annotated[str, typer.Option("--issuer", help="Mã cơ quan ban hành.")],
    to: Annotated[
        list[str] | None, typer.Option("--to", help="Thay Nơi nhận: mã đơn vị, tên nhóm, children, descendants.")
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="Hạn gửi kế hoạch của đơn vị (YYYY-MM-DD).")] = None,
    allow_past: AllowPastOpt = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do (bắt buộc với --allow-past).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ xem trước, không thay đổi gì.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Người vận hành phê duyệt luôn và gửi ngay.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    by: ByOpt = "người vận hành",
    parent: Annotated[
        str | None,
        typer.Option("--parent", help="REF hoặc số, ký hiệu của kế hoạch cấp trên mà kế hoạch này thực hiện."),
    ] = None,
) -> None:
    """Đọc kế hoạch, xác định đơn vị phải thực hiện, chờ phê duyệt rồi gửi cho từng đơn vị.

    Kế hoạch căn cứ một kế hoạch cấp trên có trong hệ thống (hoặc --parent) được ghi nhận luôn là bản nộp của
    đơn vị ban hành cho kế hoạch cấp trên khi được ban hành.
    """
    due_d = parse_date(due, "Hạn")
    past = past_reason(allow_past, reason)
    input_file(file, "tệp kế hoạch")
    if dry_run:
        from tasks.cascade import find_parent_plans
        from tasks.plans.approval import preview_plan
        from tasks.plans.read import read_plan

        plan = read_plan.fn(str(file), store=False)
        preview = preview_plan.fn(plan.fields, issuer, to, due_d, past)
        parents = find_parent_plans.fn(plan.fields, issuer, parent)
        if as_json:
            body = {"dry_run": True, **preview, "parents": parents}
            typer.echo(json.dumps(body, ensure_ascii=False, indent=2, default=str))
        else:
            out.print("[bold cyan]XEM TRƯỚC — chưa ghi gì vào hệ thống.[/]")
            print_preview(preview)
            print_parents(parents)
        return
    use_prefect()  # the run is kept by `kehoach serve` when it runs (or PREFECT_API_URL)
    from flows.issue_plan import issue_plan

    args = {"file": str(file.resolve()), "issuer": issuer, "to": to, "due": due_d, "yes": yes, "actor": by}
    args["allow_past"] = past
    args["parent"] = parent
    result = issue_plan(**args) if as_json else run_with_progress(issue_plan, **args)
    preview = result["preview"]
    nobody = not preview["acting"]
    if as_json:
        keys = ("ref", "so_ky_hieu", "obligations", "queued", "status")
        body = {k: result[k] for k in keys} | {
            "unresolved": preview["unresolved"],
            "warnings": preview["warnings"],
            "send": result.get("send"),
            "mail_failures": result.get("mail_failures", []),
            "parents": result.get("parents", []),
        }
        typer.echo(json.dumps(body, ensure_ascii=False, default=str))
        if nobody:
            raise typer.Exit(2)
        return
    print_preview(preview)
    print_parents(result.get("parents") or [])
    ref = result["ref"]
    out.print(f"\nMã tra cứu kế hoạch (REF): [bold green]{ref}[/]")
    if result["status"] == "dispatched":
        out.print(
            f"[green]✓[/] Đã ban hành: {result['obligations']} nghĩa vụ; {result['queued']} thư mới vào hàng đợi."
        )
        say_sent(result.get("send"))
        out.print(f"→ Theo dõi: [bold]kehoach plan status {ref}[/]")
    elif nobody:
        fail(
            f"chưa ban hành: không có đơn vị nào phải thực hiện (kế hoạch {ref} vẫn chờ phê duyệt).",
            f"Chỉ định đơn vị rồi chạy lại: kehoach plan issue {file} --issuer {issuer} --to MÃ|children|descendants",
            2,
        )
    else:
        out.print("[yellow]Kế hoạch đang chờ lãnh đạo phê duyệt.[/]")
        out.print(
            f'→ Phê duyệt: [bold]kehoach approve {ref} --by "Họ tên"[/]  '
            f'· Từ chối: kehoach approve {ref} --reject --reason "…" --by "Họ tên"'
        )


@plan_app.command("list")
def plan_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Liệt kê các kế hoạch đã đăng ký."""
    from rich.table import Table

    from models.states import label
    from tasks.plans.status import list_plans

    rows = list_plans()
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
            escape(r["so_ky_hieu"] or "—"),
            escape((r["subject"] or "")[:60]),
            label(r["status"]),
            str(r["obligations"]),
            str(r["pending"]),
        )
    out.print(t)


STATUS_HEADER = ["Mã", "Đơn vị", "Yêu cầu", "Kỳ", "Trạng thái", "Tiến độ", "Hạn", "Ngày nộp", "Số ngày trễ", "Xem xét"]


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
    from models.states import label
    from tasks.plans.status import plan_status

    for path in (xlsx, csv_file):
        if path is not None:
            output_file(path)
    doc = find(ref, issuer, year)
    st = plan_status.fn(doc.id)
    if as_json:
        typer.echo(json.dumps(st, ensure_ascii=False, indent=2, default=str))
        return

    def when(iso: str | None) -> str:
        return f"{iso[11:16]} {iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""

    table = [
        [
            u["code"],
            u["name"],
            label(u["requirement"]),
            u["period"] or "",
            u["state_label"]
            + (f" → {u['transferred_to']}" if u.get("transferred_to") else "")
            + (f" (kế thừa {', '.join(u['transferred_from'])})" if u.get("transferred_from") else ""),
            u["timeliness_label"],
            u["due"],
            when(u["submitted_at"]),
            u["days_late"],
            u["review_label"] or "",
        ]
        for u in st["units"]
    ]
    if csv_file or xlsx:
        from tasks.exports import write_csv, write_xlsx

        if csv_file:
            write_csv(csv_file, STATUS_HEADER, table)
            out.print(f"[green]✓[/] Đã ghi {len(table)} dòng vào {escape(str(csv_file))}")
        if xlsx:
            write_xlsx(xlsx, STATUS_HEADER, table, sheet_title="Tình hình nộp")
            out.print(f"[green]✓[/] Đã ghi {len(table)} dòng vào {escape(str(xlsx))}")
        return
    from rich.table import Table

    t = Table(title=escape(f"{st['so_ky_hieu'] or st['ref']} — {st['subject'][:80]} ({st['status_label']})"))
    for col in STATUS_HEADER:
        t.add_column(col)
    for row in table:
        t.add_row(*[escape(str(c)) for c in row])
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
            out.print(f"  - {escape(m.get('to_addr') or '')}: {escape(m.get('last_reply') or '')}")


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
    from tasks.links import supervisor_url
    from tasks.plans.status import plan_links

    doc = find(ref, issuer, year)
    if supervisor:
        typer.echo(supervisor_url(doc))
        return
    rows = plan_links(doc.id, unit_code=unit, unreachable=unreachable)
    for r in rows:
        typer.echo(f"{r['code']}\t{r['name']}\t{r['period'] or '-'}\t{r['link']}")
    if not rows:
        typer.echo("Không có đơn vị nào phù hợp.", err=True)


@plan_app.command("resend")
def resend(
    ref: RefArg,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị.")],
    by: ByOpt = "người vận hành",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Gửi lại thông báo kế hoạch cho một đơn vị (đường dẫn cũ hết hiệu lực, thư mới mang đường dẫn mới)."""
    from tasks.mail import send_queued_mail
    from tasks.plans.dispatch import queue_resend

    doc = find(ref, issuer, year)
    n = queue_resend.fn(doc.id, unit, by)
    out.print(f"[green]✓[/] Đã đưa {n} thư vào hàng đợi; đường dẫn gửi trước đây không còn dùng được.")
    say_sent(send_queued_mail.fn(document_id=doc.id))


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
