"""`kehoach plan recall REF --reason TEXT --by NAME`: withdraw a plan sent in error (thu hồi)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cli.console import fail, out
from cli.options import IssuerOpt, RefArg, YearOpt
from cli.plan import find, plan_app
from cli.progress import say_sent


def recall(
    ref: RefArg,
    reason: Annotated[str, typer.Option("--reason", help="Lý do thu hồi (gửi tới mọi đơn vị nhận, ghi nhật ký).")],
    by: Annotated[str, typer.Option("--by", help="Họ tên người quyết định thu hồi.")],
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Thu hồi kế hoạch đã gửi nhầm: hủy nghĩa vụ còn mở, vô hiệu mọi đường dẫn, báo mỗi đơn vị nhận một lần."""
    if not reason.strip():
        fail("thu hồi phải có lý do.", 'Thêm --reason "…".', 2)
    doc = find(ref, issuer, year)
    from cli.prefect_env import use_prefect

    use_prefect()
    from flows.recall_plan import recall_plan

    res = recall_plan(doc.ref, reason, by)
    out.print(
        f"[green]✓[/] Đã thu hồi {escape(res['so_ky_hieu'] or res['ref'])}: hủy {res['cancelled']} nghĩa vụ còn mở; "
        f"{res['links_revoked']} đường dẫn không còn dùng được; {res['told']} thư báo thu hồi tới {res['units']} đơn vị"
        + (f" ({res['unreachable']} đơn vị chưa có địa chỉ thư)" if res["unreachable"] else "")
        + "."
    )
    if res["messages_taken_back"]:
        out.print(f"  {res['messages_taken_back']} thư còn chờ gửi về kế hoạch này đã được giữ lại.")
    for parent in res["withdrawn"]:
        out.print(f"  Bản nộp cho kế hoạch cấp trên {parent} được trả lại; gửi kế hoạch đã sửa khi ban hành.")
    say_sent(res["send"])


def register(app: typer.Typer) -> None:
    plan_app.command("recall")(recall)
