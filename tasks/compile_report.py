"""Compile what units sent for one requirement and period of a plan into a draft Báo cáo (tổng hợp).

The draft follows Nghị định 30 (templates/bao_cao.docx), căn cứ the plan (and the plan it answers): who sent
when, who is late or missing, on-time rates per level of the tree, each unit's key text, and an annex listing
every file by unit, receipt number and SHA-256. The issuer edits it, signs it and sends it up the tree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from models.db import session_scope
from models.documents import get_document, issuing_body, list_document_parents, list_requirements
from models.drafts import add_report_draft
from models.obligations import list_requirement_rows, list_submissions_of, timeliness
from models.org import get_unit
from models.receipts import list_receipts
from models.states import CLOSED_STATES, DONE_STATES, ObligationState, RequirementKind, Timeliness, label
from tasks.oversight import level_counts, unit_depths
from tasks.render import Heading, RenderContext, Table, render_document
from tasks.report_parts import excerpts, ngay, place_of, report_tables

KINDS = ("tong_hop", "so_ket", "tong_ket")
TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "reports"
TABLE_LINE = re.compile(r"^\[\[(\w+)\]\]$")


@lru_cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["pct"] = lambda x: f"{100 * x:.1f}%".replace(".", ",")
    env.filters["capitalize_first"] = lambda s: s[:1].upper() + s[1:]
    return env


def _lines(name: str, tables: dict[str, Table | None], **context: object) -> list[Heading | Table | str]:
    """Render templates/reports/<name>.txt.j2 into body blocks: '# ' headings ('## ' centred), [[table]] tables,
    and paragraphs."""
    blocks: list[Heading | Table | str] = []
    for line in _env().get_template(f"{name}.txt.j2").render(**context).splitlines():
        line = line.strip()
        if not line:
            continue
        if m := TABLE_LINE.match(line):
            table = tables.get(m[1])
            blocks.append(table if table is not None and table.rows else "Không có đơn vị nào.")
        elif line.startswith("## "):
            blocks.append(Heading(text=line[3:], centered=True))
        elif line.startswith("# "):
            blocks.append(Heading(text=line[2:]))
        else:
            blocks.append(line)
    return blocks


def _plan_name(doc) -> str:
    """Return how the report cites the plan: 'Kế hoạch số 15/KH-UBND ngày 23/11/2026'."""
    name = f"{doc.doc_type or 'Kế hoạch'} số {doc.so_ky_hieu}" if doc.so_ky_hieu else (doc.doc_type or "Kế hoạch")
    return name + (f" ngày {ngay(doc.issued_on)}" if doc.issued_on else "")


def choose_scope(session, doc, period: str | None, kind: str) -> tuple:
    """Return the requirement and period a report compiles, or refuse and list what the plan asks."""
    if kind not in KINDS:
        raise KehoachError(f"loại báo cáo “{kind}” không hợp lệ.", "bad_kind", "Chọn tong_hop, so_ket hoặc tong_ket.")
    reqs = list_requirements(session=session, document_id=doc.id)
    every = "; ".join(
        f"{r.title or label(r.kind)}" + (f" (kỳ {r.first_period})" if r.first_period else "") for r in reqs
    )
    if period is not None:
        try:
            period = str(workdays.Period.parse(period.strip()))
        except ValueError as exc:
            raise KehoachError(str(exc), "bad_period") from exc
    if kind in ("so_ket", "tong_ket"):
        wanted = [r for r in reqs if r.kind == kind and (period is None or r.first_period == period)]
        order = [wanted]
    elif period is None:
        order = [[r for r in reqs if r.kind == RequirementKind.submit_plan]]
    else:
        order = [
            [r for r in reqs if r.kind == RequirementKind.periodic_report],
            [r for r in reqs if r.kind in (RequirementKind.so_ket, RequirementKind.tong_ket, RequirementKind.other)],
        ]
    for found in order:
        for req in found:
            p = "" if req.kind == RequirementKind.submit_plan else (period or req.first_period or "")
            if list_requirement_rows(session=session, requirement_id=req.id, period=p):
                return req, p
    raise KehoachError(
        f"kế hoạch {doc.so_ky_hieu or doc.ref} không có nghĩa vụ nào để tổng hợp"
        + (f" kỳ {period}" if period else "")
        + (f" loại {kind}" if kind != "tong_hop" else "")
        + ".",
        "nothing_to_compile",
        f"Kế hoạch yêu cầu: {every or 'không có yêu cầu nào'}. Dùng --period (ví dụ 2026) và/hoặc --kind.",
    )


def gather_report(document_id: int, period: str | None = None, kind: str = "tong_hop") -> dict:
    """Return everything the report says: the plan, its parents, each unit's group, rates per level, every file."""
    today = clock.today()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        issuer = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
        req, period = choose_scope(session, doc, period, kind)
        rows = list_requirement_rows(session=session, requirement_id=req.id, period=period)
        subs = list_submissions_of(session=session, obligation_ids=[ob.id for ob, _c, _n in rows])
        receipts = list_receipts(session=session, submission_ids=[s.id for s in subs])
        depths = unit_depths(session, {ob.unit_id for ob, _c, _n in rows}, doc.issuer_id)
        parents = []
        for p in list_document_parents(session=session, document_id=doc.id):
            pdoc = get_document(session=session, document_id=p.parent_id) if p.parent_id else None
            body = issuing_body(pdoc, get_unit(session=session, unit_id=pdoc.issuer_id)) if pdoc else p.co_quan
            parents.append({"doc": pdoc, "so_ky_hieu": p.so_ky_hieu, "ngay": p.ngay, "body": body})
        unit_of = {ob.id: (code, name) for ob, code, name in rows}
        successor = {ob.id: code for ob, code, _n in rows}
    versions: dict[int, list] = {}
    for s in subs:
        versions.setdefault(s.obligation_id, []).append(s)
    units, groups = [], {"on_time": [], "late": [], "returned": [], "missing": [], "closed": []}
    for ob, code, name in rows:
        t = timeliness(
            state=ob.state, due_date=ob.due_date, lock_date=ob.lock_date, submitted_at=ob.submitted_at, today=today
        )
        mine = versions.get(ob.id, [])
        latest = mine[-1] if mine else None
        depth, unit_kind = depths.get(ob.unit_id, (0, ""))
        u = {
            "code": code,
            "name": name,
            "level": depth,
            "kind": unit_kind,
            "state": ob.state,
            "timeliness": t,
            "due": ob.due_date,
            "submitted_at": clock.as_vn(ob.submitted_at) if ob.submitted_at else None,
            "latest": latest,
            "receipt": receipts.get(latest.id) if latest else None,
            "moved_to": successor.get(ob.transferred_to_id),
        }
        units.append(u)
        if ob.state in CLOSED_STATES:
            groups["closed"].append(u)
        elif ob.state == ObligationState.returned:
            groups["returned"].append(u)
        elif ob.state in DONE_STATES:
            groups["on_time" if t == Timeliness.on_time else "late"].append(u)
        else:
            groups["missing"].append(u)
    return {
        "doc": doc,
        "issuer": issuer,
        "requirement": req,
        "period": period,
        "kind": kind,
        "parents": parents,
        "units": units,
        "groups": groups,
        "levels": level_counts(units),
        "files": [(unit_of[s.obligation_id], s, receipts.get(s.id)) for s in subs],
    }


def report_context(data: dict) -> RenderContext:
    """Return the draft Báo cáo: header from the plan's issuer, căn cứ the plan (and its parents), the body."""
    doc, issuer, req = data["doc"], data["issuer"], data["requirement"]
    body_name = issuing_body(doc, issuer)
    now = clock.now()
    period = data["period"]
    period_label = workdays.Period.parse(period).label_vi() if period else ""
    plan_name = f"{_plan_name(doc)} của {body_name}" if body_name else _plan_name(doc)
    counts = {"expected": 0, "submitted": 0, "on_time": 0, "late": 0, "submitted_rate": 0.0, "on_time_rate": 0.0}
    expected = [u for u in data["units"] if u["state"] not in CLOSED_STATES]
    done = len(data["groups"]["on_time"]) + len(data["groups"]["late"])
    counts |= {
        "expected": len(expected),
        "submitted": done,
        "on_time": len(data["groups"]["on_time"]),
        "late": len(data["groups"]["late"]),
        "submitted_rate": done / len(expected) if expected else 0.0,
        "on_time_rate": len(data["groups"]["on_time"]) / len(expected) if expected else 0.0,
    }
    dues = [u["due"] for u in expected] or [u["due"] for u in data["units"]]
    context = {
        "kind": data["kind"],
        "req_kind": req.kind,
        "period_label": period_label,
        "plan_name": plan_name,
        "c": counts,
        "groups": data["groups"],
        "due": ngay(max(dues)) if dues else "—",
        "now": f"{now.strftime('%H giờ %M')} {clock.vn_date_long(now.date())}",
        "today": ngay(now.date()),
        "issuer_body": body_name,
        "excerpts": excerpts(data, get_settings().compile_excerpt_chars),
    }
    trich_yeu = _env().get_template("trich_yeu.txt.j2").render(**context).strip()
    context["trich_yeu_thuong"] = trich_yeu[:1].lower() + trich_yeu[1:]
    tables = report_tables(data)
    can_cu = [
        f"Thực hiện {p['doc'].doc_type if p['doc'] else 'Kế hoạch'} số {p['so_ky_hieu']}"
        + (f" ngày {ngay(p['ngay'])}" if p["ngay"] else "")
        + (f" của {p['body']}" if p["body"] else "")
        for p in data["parents"]
        if p["so_ky_hieu"]
    ]
    can_cu.append(f"Thực hiện {plan_name}")
    symbol = doc.so_ky_hieu.split("-", 1)[1] if doc.so_ky_hieu and "-" in doc.so_ky_hieu else ""
    kinh_gui = [p["body"] for p in data["parents"] if p["body"]][:1]
    if not kinh_gui and issuer is not None and issuer.parent_id:
        with session_scope() as session:
            kinh_gui = [get_unit(session=session, unit_id=issuer.parent_id).name]
    return RenderContext(
        so_ky_hieu=f"      /BC-{symbol}" if symbol else None,
        co_quan_ban_hanh=body_name or "",
        dia_danh=place_of(doc, body_name),
        ngay=now.date(),
        loai_van_ban="Báo cáo",
        trich_yeu=trich_yeu,
        kinh_gui=kinh_gui,
        can_cu=can_cu,
        body=_lines("noi_dung", tables, **context),
        noi_nhan=["Như trên"],
        # who signs is the issuer's to decide: the plan's signer by default, else a blank to fill
        quyen_han_ky=doc.authority,
        chuc_vu=doc.signer_title or "[Chức vụ người ký]",
        nguoi_ky=doc.signer or "[Họ và tên]",
        phu_luc=_lines("phu_luc", tables, **context),
    )


@task(name="draft-report")
def draft_report(
    document_id: int,
    period: str | None = None,
    kind: str = "tong_hop",
    out: str | None = None,
    actor: str = "người vận hành",
    scheduled: bool = False,
) -> dict:
    """Draft the Báo cáo compiling what units sent for a plan's requirement and period; keep it and say where.

    Args:
        document_id: the plan.
        period: the period (2026, 2026-Q1, …); none for the plan's one-off requirement (the units' plans).
        kind: tong_hop, so_ket or tong_ket.
        out: where to write the .docx as well (a path on the machine that runs it).
        actor: who asked for it.
        scheduled: drafted by the period-end flow.
    """
    from tasks.render import document_filename
    from tasks.storage import store_file

    data = gather_report(document_id, period, kind)
    ctx = report_context(data)
    content = render_document("bao_cao", ctx)
    sha = store_file(content, "docx")
    doc = data["doc"]
    slug = (data["period"] or "ke-hoach").replace("/", "-")
    name = document_filename("bao_cao", ctx).replace("bao-cao_", f"bao-cao-{doc.ref}-{slug}_", 1)
    path = Path(out) if out else get_settings().out_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    g = data["groups"]
    with session_scope() as session:
        draft = add_report_draft(
            session=session,
            values={
                "document_id": doc.id,
                "requirement_id": data["requirement"].id,
                "period": data["period"],
                "kind": kind,
                "file_sha256": sha,
                "file_name": path.name,
                "submissions": len(g["on_time"]) + len(g["late"]),
                "scheduled": scheduled,
                "created_by": actor,
                "created_at": clock.now(),
            },
        )
        draft_id = draft.id
    return {
        "draft_id": draft_id,
        "path": str(path.resolve()),
        "sha256": sha,
        "file_name": path.name,
        "ref": doc.ref,
        "so_ky_hieu": doc.so_ky_hieu,
        "requirement": data["requirement"].kind,
        "period": data["period"] or None,
        "kind": kind,
        "trich_yeu": ctx.trich_yeu,
        "groups": {k: [u["code"] for u in v] for k, v in g.items()},
        "files": len(data["files"]),
        "issuer": data["issuer"].code if data["issuer"] else None,
        "parents": [p["doc"].ref for p in data["parents"] if p["doc"] is not None],
    }
