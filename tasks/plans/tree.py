"""The tree of plans below a plan: which units issued their own plan through kehoach, and how far each went down."""

from __future__ import annotations

from collections import defaultdict

from prefect import task

from kehoach import clock
from models.db import session_scope
from models.documents import get_document, list_child_documents
from models.obligations import list_plan_rows, timeliness
from models.org import list_units_by_ids
from models.states import CLOSED_STATES, DONE_STATES, ObligationState, RequirementKind, Timeliness, label

MAX_DEPTH = 20  # a loop of căn cứ (data from elsewhere) ends here


def _unit_rows(rows: list[tuple], today) -> list[dict]:
    """Return one row per unit of a plan: its own-plan obligation (else its earliest one), who it passed to, and
    the state of each report it owes besides."""
    plan_rows = [r for r in rows if r[3] == RequirementKind.submit_plan] or rows
    reports: dict[int, list[dict]] = defaultdict(list)
    for ob, _code, _name, kind in rows:
        if kind != RequirementKind.submit_plan:
            reports[ob.unit_id].append(
                {"requirement": kind, "period": ob.period or None, "state": ob.state, "state_label": label(ob.state)}
            )
    by_id = {ob.id: (ob, code, name) for ob, code, name, _kind in plan_rows}
    seen: set[int] = set()
    units = []
    for ob, code, name, _kind in plan_rows:
        if ob.unit_id in seen:  # a legacy commune and the ward that succeeded it may share a code
            continue
        seen.add(ob.unit_id)
        t = timeliness(
            state=ob.state, due_date=ob.due_date, lock_date=ob.lock_date, submitted_at=ob.submitted_at, today=today
        )
        target = by_id.get(ob.transferred_to_id) if ob.transferred_to_id else None
        units.append(
            {
                "unit_id": ob.unit_id,
                "code": code,
                "name": name,
                "state": ob.state,
                "state_label": label(ob.state),
                "timeliness": t,
                "timeliness_label": label(t),
                "due": ob.due_date.isoformat(),
                "submitted_at": clock.as_vn(ob.submitted_at).isoformat() if ob.submitted_at else None,
                "transferred_to": f"{target[1]} {target[2]}" if target else None,
                "transferred_from": sorted(f"{c} {n}" for o, c, n in by_id.values() if o.transferred_to_id == ob.id),
                # a plan that asks for no unit plans shows its first requirement as the row: nothing beside it
                "reports": reports.get(ob.unit_id, []) if plan_rows is not rows else [],
                "plan": None,
            }
        )
    return units


def _counts(units: list[dict]) -> dict:
    expected = [u for u in units if u["state"] not in CLOSED_STATES]
    done = [u for u in expected if u["state"] in DONE_STATES]
    on_time = [u for u in done if u["timeliness"] == Timeliness.on_time]
    return {
        "units": len(units),
        "expected": len(expected),
        "submitted": len(done),
        "on_time": len(on_time),
        "late": len(done) - len(on_time),
        "returned": sum(u["state"] == ObligationState.returned for u in units),
        "missing": len(expected) - len(done),
        "transferred": sum(u["state"] == ObligationState.transferred for u in units),
        "issued_here": sum(u["plan"] is not None for u in units),
        "on_time_rate": len(on_time) / len(expected) if expected else 0.0,
    }


def plan_tree(document_id: int) -> dict:
    """Return a plan with its units and, under each unit that issued its own plan căn cứ it, that plan's tree.

    Built level by level: one query for the obligations of all the plans of a level, one for their children.
    Each node has `depth` (how many levels of plans lie below it); `levels` sums each level of the whole tree.
    """
    today = clock.today()
    with session_scope() as session:
        root = get_document(session=session, document_id=document_id)
        docs = {root.id: root}
        parent_of: dict[int, int] = {}
        level_ids = [root.id]
        levels: list[list[int]] = []
        rows_by_doc: dict[int, list[tuple]] = defaultdict(list)
        while level_ids and len(levels) < MAX_DEPTH:
            levels.append(level_ids)
            for row in list_plan_rows(session=session, document_ids=level_ids):
                rows_by_doc[row[0].document_id].append(row)
            nxt = []
            for pid, child in list_child_documents(session=session, parent_ids=level_ids):
                if child.id not in docs:
                    docs[child.id] = child
                    parent_of[child.id] = pid
                    nxt.append(child.id)
            level_ids = nxt
        issuers = {u.id: u for u in list_units_by_ids(session=session, ids=[d.issuer_id for d in docs.values()])}
    nodes = {}
    for did, d in docs.items():
        issuer = issuers.get(d.issuer_id)
        nodes[did] = {
            "ref": d.ref,
            "so_ky_hieu": d.so_ky_hieu,
            "doc_type": d.doc_type,
            "subject": d.subject,
            "status": d.status,
            "status_label": label(d.status),
            "issued_on": d.issued_on.isoformat() if d.issued_on else None,
            "issuer": {"code": issuer.code, "name": issuer.name} if issuer else None,
            "units": _unit_rows(rows_by_doc.get(did, []), today),
            "others": [],
            "depth": 0,
        }
    # hang each child plan under the unit that issued it, deepest level first so depths add up
    for level in reversed(levels[1:]):
        for did in level:
            node, parent = nodes[did], nodes[parent_of[did]]
            row = next((u for u in parent["units"] if u["unit_id"] == docs[did].issuer_id), None)
            if row is not None and row["plan"] is None:
                row["plan"] = node
            else:  # issued căn cứ the plan by a unit it asks nothing of, or a second plan of one unit
                parent["others"].append(node)
            parent["depth"] = max(parent["depth"], node["depth"] + 1)
    for node in nodes.values():
        node["counts"] = _counts(node["units"])
    tree = nodes[root.id]
    tree["levels"] = [
        {
            "level": i + 1,
            "plans": len(level),
            **{
                k: sum(nodes[d]["counts"][k] for d in level)
                for k in ("units", "expected", "submitted", "on_time", "late", "missing", "issued_here")
            },
        }
        for i, level in enumerate(levels)
    ]
    return tree


@task(name="publish-plan-tree")
def publish_tree_artifact(document_id: int) -> str | None:
    """Publish, for a plan that has plans below it, its tree of plans to the Prefect UI; return the key.

    Args:
        document_id: the plan.
    """
    from prefect.artifacts import create_markdown_artifact

    from tasks.artifacts import render_markdown

    tree = plan_tree(document_id)
    if not tree["depth"]:
        return None
    key = f"plan-{tree['ref']}-tree"
    create_markdown_artifact(
        markdown=render_markdown("plan_tree", tree=tree),
        key=key,
        description=f"Cây kế hoạch {tree['so_ky_hieu'] or tree['ref']}",
    )
    return key
