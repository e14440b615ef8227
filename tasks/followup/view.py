"""What supervisors see of each plan in the Prefect UI.

The summary counts, per level of the tree, what was expected, submitted and submitted on time in each
requirement's current period (the latest one due; DHIS2's reporting rate and reporting rate on time, which it
also counts per period) from one grouped query, and every obligation of the plan per state from the index; the
table lists the obligations a supervisor acts on first (late, then due, then awaiting review) with days late and
the last reminder, capped at `artifact_max_rows` (the portal's status page and `kehoach plan status` show them all).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from prefect import task

from kehoach import clock, workdays
from kehoach.settings import get_settings
from models.db import session_scope
from models.documents import get_document, list_recipient_units, list_requirements
from models.followup import list_last_steps
from models.obligations import timeliness
from models.org import get_unit
from models.outbox import list_failed_messages
from models.oversight_queries import count_by_level, count_plan_states, list_status_page
from models.states import UNIT_KIND_LABELS, label
from tasks.artifacts import render_markdown
from tasks.followup.items import period_words
from tasks.followup.periods import periods_due
from tasks.plans.requirements import due_of

STEP_WORDS = {"before": "nhắc trước hạn {n} ngày", "after": "đôn đốc quá hạn {n} ngày"}


def step_words(step: str) -> str:
    """Return a chasing step as a supervisor reads it: 'đôn đốc quá hạn 5 ngày'."""
    side, _, n = step.partition(":")
    return STEP_WORDS.get(side, side).format(n=n)


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def level_rows(raw: list[dict]) -> list[dict]:
    """Fold the grouped counts (per level and unit kind) into one row per level, and a total."""
    by_depth: dict[int | None, list[dict]] = {}
    for r in raw:
        by_depth.setdefault(r["depth"], []).append(r)
    keys = ("units", "expected", "submitted", "on_time", "overdue", "not_due")
    rows = []
    for depth in sorted(by_depth, key=lambda d: (d is None, d or 0)):
        parts = by_depth[depth]
        kinds = Counter()
        for r in parts:
            kinds[r["kind"]] += r["units"]
        names = ", ".join(UNIT_KIND_LABELS.get(k, k) for k, _n in kinds.most_common(3) if k)
        name = f"Cấp {depth}" if depth is not None else "Ngoài cây đơn vị của cơ quan ban hành"
        rows.append({"label": name + (f" ({names})" if names else ""), **{k: sum(r[k] for r in parts) for k in keys}})
    total = {"label": "Tổng cộng", **{k: sum(r[k] for r in rows) for k in keys}}
    for r in [*rows, total]:
        r["rate"] = _rate(r["submitted"], r["expected"])
        r["on_time_rate"] = _rate(r["on_time"], r["expected"])
    return [*rows, total]


def current_periods(requirements, issued_on: date | None, today: date) -> list[tuple[object, str, date]]:
    """Return (requirement, period, due) of each requirement's current period: the latest one due by today, else
    the first one opened (a one-off requirement has the period "")."""
    opened: dict[int, list[tuple[str, date]]] = {}
    for req, period, due in periods_due([(r, issued_on) for r in requirements], today):
        opened.setdefault(req.id, []).append((str(period), due))
    out = []
    for req in requirements:
        if not req.period_kind:
            out.append((req, "", due_of({"due_rule": req.due_rule}, None)))
            continue
        periods = opened.get(req.id)
        if not periods:
            continue  # a sơ kết or tổng kết whose year has not come
        past = [p for p in periods if p[1] <= today]
        period, due = max(past, key=lambda p: p[1]) if past else min(periods, key=lambda p: p[1])
        out.append((req, period, due))
    return out


def plan_view(document_id: int, today: date | None = None) -> dict:
    """Return a plan's summary (markdown) and its table rows, from grouped queries and a capped list."""
    today = today or clock.today()
    limit = get_settings().artifact_max_rows
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        issuer = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
        recipients = list_recipient_units(session=session, document_id=document_id)
        reqs = list_requirements(session=session, document_id=document_id)
        current = current_periods(reqs, doc.issued_on, today)
        levels = level_rows(
            count_by_level(
                session=session,
                document_id=document_id,
                top_id=doc.issuer_id,
                today=today,
                periods=[(r.id, p) for r, p, _d in current],
            )
        )
        states = count_plan_states(session=session, document_id=document_id, today=today)
        rows = list_status_page(session=session, document_id=document_id, limit=limit)
        last = list_last_steps(session=session, obligation_ids=[r[0] for r in rows])
        failures = len(list_failed_messages(session=session, document_id=document_id))
    by_role: dict[str, list[str]] = {"thuc_hien": [], "de_biet": []}
    for role, unit in recipients:
        by_role.setdefault(role, []).append(f"{unit.code} {unit.name}")
    requirements = [
        {
            "title": r.title or label(r.kind),
            "period": r.first_period,
            "due": due_of({"due_rule": r.due_rule}, r.first_period),
        }
        for r in reqs
    ]
    total = levels[-1]
    c = Counter(states) | Counter({"late": total["submitted"] - total["on_time"]})
    markdown = render_markdown(
        "plan_summary",
        doc=doc,
        issuer=issuer,
        recipients=[(role, by_role[role]) for role in ("thuc_hien", "de_biet")],
        requirements=requirements,
        c=c,
        mail_failures=failures,
        levels=levels,
        current=[
            {
                "title": r.title or label(r.kind),
                "period": period_words(r.kind, p)[0] or p or "—",
                "due": d,
            }
            for r, p, d in current
        ],
        today=today,
        shown=len(rows),
    )
    table = []
    for ob_id, code, name, kind, title, period, state, due, lock, submitted_at in rows:
        t = timeliness(state=state, due_date=due, lock_date=lock, submitted_at=submitted_at, today=today)
        sent = clock.as_vn(submitted_at) if submitted_at else None
        end = sent.date() if sent else today
        late = max(0, workdays.working_days_between(due, end)) if (sent or t in ("overdue", "locked")) else 0
        step = last.get(ob_id)
        table.append(
            {
                "Mã": code,
                "Đơn vị": name,
                "Yêu cầu": title or label(kind),
                "Kỳ": period or "",
                "Trạng thái": label(state),
                "Tiến độ": label(t),
                "Hạn": due.isoformat(),
                "Ngày nộp": sent.strftime("%Y-%m-%d %H:%M") if sent else "",
                "Số ngày trễ": late,
                "Nhắc gần nhất": f"{step[0].isoformat()} ({step_words(step[1])})" if step else "",
            }
        )
    return {"ref": doc.ref, "so_ky_hieu": doc.so_ky_hieu, "markdown": markdown, "table": table, "levels": levels}


@task(name="publish-followup-artifacts")
def publish_followup_artifacts(document_ids: list[int]) -> list[str]:
    """Publish each plan's summary (markdown `plan-<ref>`) and table (`plan-<ref>-status`) to the Prefect UI.

    Args:
        document_ids: the plans.
    """
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    keys = []
    for document_id in document_ids:
        view = plan_view(document_id)
        key = f"plan-{view['ref']}"
        name = view["so_ky_hieu"] or view["ref"]
        create_markdown_artifact(markdown=view["markdown"], key=key, description=f"Tóm tắt {name}")
        create_table_artifact(table=view["table"], key=f"{key}-status", description=f"Đơn vị × trạng thái — {name}")
        keys.append(key)
    return keys
