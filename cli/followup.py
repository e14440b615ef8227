"""`kehoach collect | review | periods open | watch | plan supervisors`: what a records office does after a plan
goes out, run now (the same flows `kehoach serve` runs on their schedules)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cli.console import fail, out
from cli.options import IssuerOpt, PeriodOpt, RefArg, RequirementOpt, YearOpt
from cli.plan import find, plan_app
from cli.prefect_env import use_prefect
from cli.progress import say_sent

periods_app = typer.Typer(help="Kỳ báo cáo: mở các kỳ đã đến lúc.", no_args_is_help=True)


def collect() -> None:
    """Thu nhận bản nộp mới (cổng nộp và dòng lệnh): đọc nội dung, gửi biên nhận còn chờ, cập nhật theo dõi."""
    use_prefect()
    from flows.collect import collect as collect_flow

    res = collect_flow()
    if not res["collected"] and not res["read"]:
        out.print("Không có bản nộp mới.")
    else:
        out.print(f"[green]✓[/] Đã thu nhận {res['collected']} bản nộp (đọc nội dung {res['read']} tệp).")
        if res["warned"]:
            out.print(
                f"[yellow]{res['warned']} bản có cảnh báo nội dung[/] (gửi nhầm kế hoạch, đơn vị hoặc loại văn bản)."
            )
            out.print(
                "→ Xem và quyết định: kehoach plan status REF, rồi kehoach review REF --unit MÃ --accept|--return"
            )
    say_sent(res["send"])


def review(
    ref: RefArg,
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị đã nộp.")],
    by: Annotated[str, typer.Option("--by", help="Họ tên người xem xét.")],
    accept: Annotated[bool, typer.Option("--accept", help="Tiếp nhận (bản cuối cùng).")] = False,
    return_reason: Annotated[
        str | None, typer.Option("--return", help="Trả lại để bổ sung, kèm lý do (đơn vị gửi bản mới).")
    ] = None,
    period: PeriodOpt = None,
    requirement: RequirementOpt = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Tiếp nhận hoặc trả lại bản nộp mới nhất của một đơn vị; đơn vị được báo ngay."""
    if accept == (return_reason is not None):
        fail(
            'chọn một: --accept hoặc --return "lý do".',
            f'Ví dụ: kehoach review {ref} --unit {unit} --accept --by "Họ tên"',
            2,
        )
    if return_reason is not None and not return_reason.strip():
        fail("trả lại phải có lý do để đơn vị sửa.", '--return "thiếu chữ ký, đóng dấu"', 2)
    doc = find(ref, issuer, year)
    use_prefect()
    from flows.review import review as review_flow

    res = review_flow(
        ref=doc.ref,
        unit=unit,
        by=by,
        decision="accept" if accept else "return",
        reason=return_reason,
        period=period,
        requirement=requirement,
    )
    what = escape(res["what"])
    if accept:
        out.print(f"[green]✓[/] Đã tiếp nhận bản lần {res['version']} của {escape(res['unit_name'])} ({what}).")
    else:
        from datetime import date

        from kehoach import clock

        due = clock.vn_date_long(date.fromisoformat(res["due"]))
        out.print(
            f"[yellow]Đã trả lại[/] bản lần {res['version']} của {escape(res['unit_name'])} ({what}); "
            f"đơn vị gửi bản mới trước {due}."
        )
    if not res["addresses"]:
        out.print(f"[yellow]{escape(res['unit_name'])} chưa có địa chỉ thư[/]: hãy báo đơn vị bằng cách khác.")
    say_sent(res["send"])
    if res["completed"]:
        out.print("[green]✓[/] Các đơn vị đã hoàn thành mọi việc kế hoạch yêu cầu; lãnh đạo theo dõi được báo.")
    out.print(f"→ Theo dõi: kehoach plan status {doc.ref}")


@periods_app.command("open")
def periods_open(
    ref: Annotated[str | None, typer.Argument(help="Chỉ kế hoạch này (mặc định: mọi kế hoạch đã ban hành).")] = None,
) -> None:
    """Mở mọi kỳ báo cáo đã đến lúc (tháng, quý, 6 tháng, năm, sơ kết, tổng kết) và báo cho đơn vị."""
    doc = find(ref, None, None) if ref else None
    use_prefect()
    from flows.open_period import open_period

    res = open_period(ref=doc.ref if doc else None)
    if not res["obligations"]:
        out.print("Không có kỳ báo cáo nào mới đến lúc mở.")
        return
    out.print(
        f"[green]✓[/] Đã mở {res['periods']} kỳ báo cáo: {res['obligations']} nghĩa vụ của {res['units']} đơn vị; "
        f"{res['queued']} thư thông báo vào hàng đợi."
    )
    _window_note(res["send"], res["queued"])


def watch(
    letter: Annotated[
        str | None, typer.Option("--letter", help="Soạn Công văn đôn đốc các đơn vị quá hạn của kế hoạch REF.")
    ] = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Nhắc hạn, đôn đốc đơn vị quá hạn, gửi tổng hợp hằng tuần cho lãnh đạo; --letter REF soạn công văn đôn đốc."""
    doc = find(letter, issuer, year) if letter else None
    use_prefect()
    from flows.watch_deadlines import watch_deadlines

    res = watch_deadlines(letter=doc.ref if doc else None)
    if doc is not None:
        r = res["letter"]
        from datetime import date

        from kehoach import clock

        out.print(
            f"[green]✓[/] Đã soạn Công văn đôn đốc {r['units']} đơn vị quá hạn ({r['rows']} việc): {escape(r['path'])}"
        )
        out.print(
            f"→ Trình ký, văn thư cho số rồi gửi các đơn vị; hạn đề nghị trong công văn: "
            f"{clock.vn_date_long(date.fromisoformat(r['due']))}."
        )
        return
    if not res["working_day"]:
        out.print("Hôm nay là ngày nghỉ: không nhắc hạn, đôn đốc (số ngày tính theo ngày làm việc).")
    elif not res["queued"]:
        out.print("Hôm nay không có việc nào cần nhắc hạn hay đôn đốc thêm.")
    else:
        out.print(
            f"[green]✓[/] Nhắc hạn {res['reminders']}, đôn đốc {res['overdue']} việc của {res['units']} đơn vị; "
            f"tổng hợp gửi lãnh đạo: {res['digests']} kế hoạch; {res['queued']} thư vào hàng đợi."
        )
        _window_note(res["send"], res["queued"])
    out.print(f"Đã cập nhật tình hình {res['plans']} kế hoạch đang theo dõi trong giao diện Prefect.")


def _window_note(send: dict | None, queued: int) -> None:
    say_sent(send)
    if queued and not (send or {}).get("sent"):
        from kehoach.settings import get_settings

        s = get_settings()
        out.print(
            f"Thư chờ khung giờ gửi ({s.mail_window_start:%H:%M}–{s.mail_window_end:%H:%M} ngày làm việc). "
            "→ kehoach outbox send trong khung giờ, hoặc để kehoach serve tự gửi."
        )


def supervisors(
    ref: RefArg,
    emails: Annotated[list[str] | None, typer.Argument(help="Địa chỉ thư lãnh đạo theo dõi (bỏ trống để xem).")] = None,
    default: Annotated[bool, typer.Option("--default", help="Trở về địa chỉ của cơ quan ban hành.")] = False,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Xem hoặc đặt người nhận thư tổng hợp hằng tuần của một kế hoạch (mặc định: địa chỉ cơ quan ban hành)."""
    from tasks.followup.digest import plan_supervisors

    doc = find(ref, issuer, year)
    res = plan_supervisors(doc.id, [] if default else (emails or None))
    who = ", ".join(res["to"]) or "(chưa có địa chỉ nào)"
    note = " (địa chỉ của cơ quan ban hành)" if res["default"] else ""
    out.print(f"Thư tổng hợp hằng tuần của {escape(doc.so_ky_hieu or doc.ref)} gửi: {escape(who)}{note}")
    if not res["to"]:
        out.print(f"→ Đặt địa chỉ: kehoach plan supervisors {doc.ref} lanhdao@…")


def register(app: typer.Typer) -> None:
    app.command("collect")(collect)
    app.command("review")(review)
    app.command("watch")(watch)
    app.add_typer(periods_app, name="periods")
    plan_app.command("supervisors")(supervisors)
