"""`kehoach units …`: load and look at the organisation tree, groups and e-mail addresses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.console import fail, out
from cli.options import input_file

units_app = typer.Typer(help="Cây tổ chức: nạp đơn vị, nhóm đơn vị, địa chỉ thư điện tử.", no_args_is_help=True)


def _import(kind: str, arg: str, email_domain: str | None) -> None:
    from tasks.org_import import ImportRejected, import_units

    try:
        result = import_units.fn(kind, arg, email_domain)
    except ImportRejected as exc:
        for p in exc.problems:
            out.print(f"[red]✗[/] {escape(p)}")
        fail("không nạp đơn vị nào (tệp có lỗi, cơ sở dữ liệu giữ nguyên).", "Sửa các dòng trên rồi chạy lại lệnh.", 2)
    out.print(
        f"[green]✓[/] Đã nạp {result.rows} đơn vị từ {escape(result.source)}: "
        f"{result.inserted} mới, {result.updated} cập nhật, {result.rows - result.inserted - result.updated} không đổi."
    )
    out.print("→ Xem cây: [bold]kehoach units tree[/]")


@units_app.command("import-provinces")
def import_provinces(
    province: Annotated[str, typer.Argument(help="Tên hoặc mã tỉnh/thành phố, ví dụ “Vĩnh Long” hoặc 86.")],
    legacy: Annotated[bool, typer.Option("--legacy", help="Nạp cây trước 01/7/2025 (tỉnh → huyện → xã).")] = False,
    email_domain: Annotated[
        str | None, typer.Option("--email-domain", help="Dùng thử: gán mỗi đơn vị địa chỉ <mã>@<tên miền>.")
    ] = None,
) -> None:
    """Nạp một tỉnh/thành phố và các xã, phường từ danh mục hành chính chính thức."""
    _import("legacy" if legacy else "current", province, email_domain)


@units_app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="Tệp CSV hoặc XLSX có cột code, name, kind, parent_code, email.")],
) -> None:
    """Nạp cây đơn vị bất kỳ độ sâu từ tệp CSV (UTF-8) hoặc XLSX (nạp lại thì cập nhật, không nhân đôi).

    Cột kind: tinh, huyen, xa, co_quan, truong, chi_bo, cong_doan, doan_the, khac.
    """
    input_file(file, "tệp danh sách đơn vị")
    _import("file", str(file), None)


@units_app.command("set-email")
def set_email(
    code: Annotated[str, typer.Argument(help="Mã đơn vị.")],
    emails: Annotated[list[str], typer.Argument(help="Một hoặc nhiều địa chỉ thư điện tử.")],
) -> None:
    """Đặt địa chỉ thư điện tử của một đơn vị (thay các địa chỉ cũ)."""
    from tasks.units import change_emails

    res = change_emails(code, emails, "người vận hành")
    out.print(f"[green]✓[/] {escape(res['name'])} ({escape(code)}): {escape(', '.join(res['emails']))}")
    out.print(f"→ Gửi lại thông báo tới địa chỉ mới: kehoach plan resend REF --unit {escape(code)}")


@units_app.command("group")
def group(
    name: Annotated[str, typer.Argument(help="Tên nhóm, ví dụ “Khối trường học”.")],
    codes: Annotated[list[str], typer.Argument(help="Mã các đơn vị trong nhóm.")],
) -> None:
    """Tạo hoặc thay nhóm đơn vị có tên (dùng với --to khi ban hành kế hoạch)."""
    from tasks.units import make_group

    n = make_group(name, codes)
    out.print(f"[green]✓[/] Nhóm “{escape(name)}”: {n} đơn vị.")


@units_app.command("tree")
def tree(
    as_json: Annotated[bool, typer.Option("--json", help="In cây dạng JSON.")] = False,
    legacy: Annotated[bool, typer.Option("--legacy", help="Cây trước 01/7/2025.")] = False,
) -> None:
    """In cây đơn vị hiện có (đơn vị chưa có địa chỉ thư được đánh dấu)."""
    from rich.tree import Tree

    from models.states import UNIT_KIND_LABELS
    from tasks.units import unit_tree

    nodes = unit_tree(legacy=legacy)
    if as_json:
        typer.echo(json.dumps(nodes, ensure_ascii=False, indent=2))
        return
    if not nodes:
        out.print('Chưa có đơn vị nào. → Nạp thử: [bold]kehoach units import-provinces "Vĩnh Long"[/]')
        return
    unreachable = count = 0

    def add(branch: Tree, n: dict) -> None:
        nonlocal unreachable, count
        count += 1
        mail = f"[dim]{escape(n['email'])}[/]" if n["email"] else "[yellow]chưa có thư điện tử[/]"
        unreachable += not n["email"]
        kind = UNIT_KIND_LABELS.get(n["kind"], n["kind"])
        sub = branch.add(f"[bold]{escape(n['code'])}[/] {escape(n['name'])} [dim]({escape(kind)})[/] {mail}")
        for c in n["children"]:
            add(sub, c)

    root = Tree("Cây đơn vị")
    for n in nodes:
        add(root, n)
    out.print(root)
    out.print(f"{count} đơn vị; {unreachable} đơn vị chưa có địa chỉ thư (không gửi thư được).")
    if unreachable:
        out.print("→ Đặt địa chỉ: [bold]kehoach units set-email MÃ ĐỊA_CHỈ[/]")


def _say_passed(res: dict) -> None:
    from cli.progress import say_sent

    if res["passed"]:
        out.print(
            f"[green]✓[/] {res['passed']} nghĩa vụ còn mở của đơn vị đã giải thể, sáp nhập chuyển cho "
            f"{res['successors']} đơn vị kế thừa ({res['successor_obligations']} nghĩa vụ mới, mỗi đơn vị kế thừa một "
            "lần; lịch sử giữ ở đơn vị cũ)."
        )
    else:
        out.print("Không có nghĩa vụ nào cần chuyển cho đơn vị kế thừa.")
    if res["no_successor"]:
        out.print(
            f"[yellow]{res['no_successor']} nghĩa vụ còn mở thuộc đơn vị đã giải thể chưa có đơn vị kế thừa.[/] "
            "→ Ghi nhận: kehoach units succeed MÃ_CŨ MÃ_MỚI --on NGÀY"
        )
    if res.get("send"):
        say_sent(res["send"])


@units_app.command("succeed")
def succeed(
    old: Annotated[str, typer.Argument(help="Mã đơn vị giải thể, sáp nhập.")],
    new: Annotated[str, typer.Argument(help="Mã đơn vị kế thừa.")],
    on: Annotated[str, typer.Option("--on", help="Ngày đơn vị kế thừa bắt đầu thay (YYYY-MM-DD).")],
    by: Annotated[str, typer.Option("--by", help="Người ghi nhận (ghi nhật ký).")] = "người vận hành",
) -> None:
    """Ghi nhận sáp nhập mà danh mục chính thức không có (cơ quan, trường học); chuyển nghĩa vụ còn mở."""
    from cli.options import parse_date
    from kehoach import clock
    from tasks.succession import record_succession

    day = parse_date(on, "Ngày sáp nhập")
    res = record_succession.fn(old, new, day, by)
    if res["changed"]:
        moved = f"; {res['children']} đơn vị trực thuộc chuyển sang đơn vị kế thừa" if res["children"] else ""
        out.print(
            f"[green]✓[/] {escape(old)} thôi hoạt động từ {day.strftime('%d/%m/%Y')}, {escape(new)} kế thừa{moved}."
        )
    else:
        out.print(f"Đã ghi nhận từ trước: {escape(new)} kế thừa {escape(old)} từ {day.strftime('%d/%m/%Y')}.")
    if day > clock.today():
        out.print("Nghĩa vụ còn mở sẽ được chuyển từ ngày đó (lịch pass-to-successors hằng ngày).")
        return
    transfer()


@units_app.command("transfer")
def transfer() -> None:
    """Chuyển nghĩa vụ còn mở của các đơn vị đã giải thể, sáp nhập cho đơn vị kế thừa (chạy lại không nhân đôi)."""
    from cli.prefect_env import use_prefect

    use_prefect()
    from flows.pass_to_successors import pass_to_successors

    _say_passed(pass_to_successors(actor="người vận hành"))


def register(app: typer.Typer) -> None:
    app.add_typer(units_app, name="units")
