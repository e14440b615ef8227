"""`kehoach units …`: load and look at the organisation tree, groups and e-mail addresses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.console import ensure_utf8, fail, out

units_app = typer.Typer(help="Cây tổ chức: nạp đơn vị, nhóm đơn vị, địa chỉ thư điện tử.", no_args_is_help=True)


def _report(result) -> None:
    out.print(
        f"[green]✓[/] Đã nạp {result.rows} đơn vị từ {result.source}: "
        f"{result.inserted} mới, {result.updated} cập nhật, {result.rows - result.inserted - result.updated} không đổi."
    )
    out.print("→ Xem cây: [bold]kehoach units tree[/]")


def _import(kind: str, arg: str, email_domain: str | None) -> None:
    ensure_utf8()
    from tasks.org_import import ImportRejected, import_units

    try:
        result = import_units.fn(kind, arg, email_domain)
    except ImportRejected as exc:
        for p in exc.problems:
            out.print(f"[red]✗[/] {p}")
        fail("không nạp đơn vị nào (tệp có lỗi, cơ sở dữ liệu giữ nguyên).", "Sửa các dòng trên rồi chạy lại lệnh.", 2)
    except FileNotFoundError as exc:
        fail(f"không tìm thấy tệp {exc.filename}.")
    _report(result)


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
    """Nạp cây đơn vị bất kỳ độ sâu từ tệp CSV/XLSX (nạp lại thì cập nhật, không nhân đôi)."""
    _import("file", str(file), None)


def _resolve(session, code: str):
    from kehoach import clock
    from models.org import get_unit_by_code

    unit = get_unit_by_code(session=session, code=code, on=clock.today())
    if unit is None:
        fail(f"không có đơn vị mã “{code}”.", "Xem mã đơn vị bằng: kehoach units tree")
    return unit


@units_app.command("set-email")
def set_email(
    code: Annotated[str, typer.Argument(help="Mã đơn vị.")],
    emails: Annotated[list[str], typer.Argument(help="Một hoặc nhiều địa chỉ thư điện tử.")],
) -> None:
    """Đặt địa chỉ thư điện tử của một đơn vị (thay các địa chỉ cũ)."""
    ensure_utf8()
    from kehoach import clock
    from models.audit import record_audit
    from models.db import session_scope
    from models.org import set_unit_emails
    from tasks.org_import import EMAIL_RE

    bad = [e for e in emails if not EMAIL_RE.match(e)]
    if bad:
        fail(f"địa chỉ không hợp lệ: {', '.join(bad)}.", "Ví dụ đúng: vanthu@duyenhai.travinh.gov.vn", 2)
    with session_scope() as session:
        unit = _resolve(session, code)
        before = unit.emails
        set_unit_emails(session=session, unit_id=unit.id, emails=emails, now=clock.now())
        record_audit(
            session=session,
            at=clock.now(),
            actor="operator",
            action="unit.set_email",
            unit_id=unit.id,
            details={"before": before, "after": ",".join(emails)},
        )
        name = unit.name
    out.print(f"[green]✓[/] {name} ({code}): {', '.join(emails)}")


@units_app.command("group")
def group(
    name: Annotated[str, typer.Argument(help="Tên nhóm, ví dụ “Khối trường học”.")],
    codes: Annotated[list[str], typer.Argument(help="Mã các đơn vị trong nhóm.")],
) -> None:
    """Tạo hoặc thay nhóm đơn vị có tên (dùng với --to khi ban hành kế hoạch)."""
    ensure_utf8()
    import unicodedata

    from kehoach import clock
    from models.db import session_scope
    from models.org import list_units_by_codes, set_group_members

    name = unicodedata.normalize("NFC", name).strip()
    with session_scope() as session:
        found = list_units_by_codes(session=session, codes=codes, on=clock.today())
        missing = [c for c in codes if c not in found]
        if missing:
            fail(f"không có đơn vị mã: {', '.join(missing)}.", "Xem mã đơn vị bằng: kehoach units tree", 2)
        set_group_members(session=session, name=name, unit_ids=[found[c].id for c in codes])
    out.print(f"[green]✓[/] Nhóm “{name}”: {len(set(codes))} đơn vị.")


def _tree_nodes(units) -> list[dict]:
    by_parent: dict[int | None, list] = {}
    ids = {u.id for u in units}
    for u in units:
        by_parent.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)

    def node(u) -> dict:
        return {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "email": u.email_list[0] if u.email_list else None,
            "children": [node(c) for c in by_parent.get(u.id, [])],
        }

    return [node(u) for u in by_parent.get(None, [])]


@units_app.command("tree")
def tree(
    as_json: Annotated[bool, typer.Option("--json", help="In cây dạng JSON.")] = False,
    legacy: Annotated[bool, typer.Option("--legacy", help="Cây trước 01/7/2025.")] = False,
) -> None:
    """In cây đơn vị hiện có (đơn vị chưa có địa chỉ thư được đánh dấu)."""
    ensure_utf8()
    from rich.tree import Tree

    from kehoach import clock
    from models.db import session_scope
    from models.org import LEGACY_END, list_units
    from models.states import UNIT_KIND_LABELS

    with session_scope() as session:
        units = list_units(session=session, on=LEGACY_END if legacy else clock.today())
    nodes = _tree_nodes(units)
    if as_json:
        typer.echo(json.dumps(nodes, ensure_ascii=False, indent=2))
        return
    if not nodes:
        out.print('Chưa có đơn vị nào. → Nạp thử: [bold]kehoach units import-provinces "Vĩnh Long"[/]')
        return
    unreachable = 0

    def add(branch, n: dict) -> None:
        nonlocal unreachable
        mail = f"[dim]{n['email']}[/]" if n["email"] else "[yellow]chưa có thư điện tử[/]"
        unreachable += not n["email"]
        sub = branch.add(
            f"[bold]{n['code']}[/] {n['name']} [dim]({UNIT_KIND_LABELS.get(n['kind'], n['kind'])})[/] {mail}"
        )
        for c in n["children"]:
            add(sub, c)

    root = Tree("Cây đơn vị")
    for n in nodes:
        add(root, n)
    out.print(root)
    out.print(f"{len(units)} đơn vị; {unreachable} đơn vị chưa có địa chỉ thư (không gửi thư được).")
    if unreachable:
        out.print("→ Đặt địa chỉ: [bold]kehoach units set-email MÃ ĐỊA_CHỈ[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(units_app, name="units")
