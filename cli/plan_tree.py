"""`kehoach plan tree REF`: the plans below a plan — who has issued theirs, how far each has gone down."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from cli.console import out
from cli.options import IssuerOpt, RefArg, YearOpt
from cli.plan import find, plan_app

# units in these states are listed one by one; the rest (not yet sent, exempt) are grouped on one line
LISTED = ("submitted", "accepted", "returned", "transferred")
GROUP_NAMES = 8


def _plan_line(node: dict) -> str:
    c = node["counts"]
    issuer = node["issuer"]["name"] if node["issuer"] else "—"
    return (
        f"[bold]{escape(node['doc_type'] or 'Kế hoạch')} {escape(node['so_ky_hieu'] or '(chưa có số)')}[/] — "
        f"{escape(issuer)} — {escape(node['status_label'])} [dim](REF {node['ref']})[/]\n"
        f"{c['expected']} đơn vị phải nộp kế hoạch: {c['submitted']} đã nộp "
        f"({c['on_time']} đúng hạn, {c['late']} trễ), "
        f"{c['returned']} bị trả lại, {c['missing'] - c['returned']} chưa nộp"
        + (f", {c['transferred']} đã chuyển đơn vị kế thừa" if c["transferred"] else "")
        + f"; {c['issued_here']} đơn vị ban hành kế hoạch qua kehoach"
        + (f", sâu thêm {node['depth']} cấp" if node["depth"] else "")
    )


def _unit_line(u: dict) -> str:
    from models.states import label

    timing = "" if u["timeliness"] in ("none", "due") else f", {u['timeliness_label'].lower()}"
    moved = ""
    if u["transferred_to"]:
        moved = f" → {escape(u['transferred_to'])}"
    elif u["transferred_from"]:
        moved = f" (kế thừa {escape(', '.join(u['transferred_from']))})"
    sent = [r for r in u["reports"] if r["state"] not in ("pending", "cancelled")]
    reports = "; ".join(
        f"{label(r['requirement']).lower()}{' ' + r['period'] if r['period'] else ''}: {r['state_label'].lower()}"
        for r in sent
    )
    line = f"[bold]{escape(u['code'])}[/] {escape(u['name'])} — {escape(u['state_label'])}{timing}{moved}"
    return line + (f" [dim]({escape(reports)})[/]" if reports else "")


def _add(branch, node: dict) -> None:  # a rich Tree
    rest: dict[str, list[dict]] = {}
    for u in node["units"]:
        quiet = not any(r["state"] not in ("pending", "cancelled") for r in u["reports"])
        if u["plan"] is None and u["state"] not in LISTED and not u["transferred_from"] and quiet:
            what = u["state_label"] + ("" if u["timeliness"] in ("due", "none") else f", {u['timeliness_label']}")
            rest.setdefault(what, []).append(u)
            continue
        sub = branch.add(_unit_line(u))
        if u["plan"] is not None:
            _add(sub.add(_plan_line(u["plan"])), u["plan"])
    for what, units in rest.items():
        names = ", ".join(f"{u['code']} {u['name']}" for u in units[:GROUP_NAMES])
        more = f" … và {len(units) - GROUP_NAMES} đơn vị khác" if len(units) > GROUP_NAMES else ""
        branch.add(f"[yellow]{escape(what)}[/] ({len(units)}): {escape(names)}{more}")
    for other in node["others"]:
        _add(branch.add("[dim]căn cứ kế hoạch này, của đơn vị không được giao:[/] " + _plan_line(other)), other)


def tree(
    ref: RefArg,
    as_json: Annotated[bool, typer.Option("--json", help="In cây dạng JSON.")] = False,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Cây kế hoạch: đơn vị nào đã ban hành kế hoạch của mình căn cứ kế hoạch này, tới cấp nào, tình hình từng cấp."""
    from rich.table import Table
    from rich.tree import Tree

    from tasks.plans.tree import plan_tree

    doc = find(ref, issuer, year)
    t = plan_tree(doc.id)
    if as_json:
        typer.echo(json.dumps(t, ensure_ascii=False, indent=2))
        return
    root = Tree(_plan_line(t))
    _add(root, t)
    out.print(root)
    levels = Table(title="Theo cấp")
    for col in (
        "Cấp",
        "Kế hoạch",
        "Đơn vị phải nộp",
        "Đã nộp",
        "Đúng hạn",
        "Trễ hạn",
        "Chưa nộp",
        "Ban hành qua kehoach",
    ):
        levels.add_column(col)
    for lv in t["levels"]:
        levels.add_row(
            *(
                str(lv[k])
                for k in ("level", "plans", "expected", "submitted", "on_time", "late", "missing", "issued_here")
            )
        )
    out.print(levels)


def register(app: typer.Typer) -> None:
    plan_app.command("tree")(tree)
