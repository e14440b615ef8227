"""What a follow-up message says of each obligation, and one message per unit listing them."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from types import SimpleNamespace

from kehoach import workdays
from models.documents import get_document, issuing_body
from models.org import get_unit
from models.states import RequirementKind, label
from tasks.links import link_url
from tasks.mail.compose import render_subject
from tasks.mail.queue import mail_rows, unit_addresses

REVIEW_KINDS = (RequirementKind.so_ket, RequirementKind.tong_ket)


def plan_facts(session, document_ids) -> dict[int, dict]:
    """Return what every message says of each plan: number, subject, type, issuer and its addresses."""
    out: dict[int, dict] = {}
    issuers: dict[int, object] = {}
    for doc_id in dict.fromkeys(document_ids):
        doc = get_document(session=session, document_id=doc_id)
        if doc.issuer_id not in issuers:
            issuers[doc.issuer_id] = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
        issuer = issuers[doc.issuer_id]
        out[doc_id] = {
            "ref": doc.ref,
            "so_ky_hieu": doc.so_ky_hieu,
            "subject": doc.subject,
            "doc_type": doc.doc_type or "Kế hoạch",
            "issuer": issuing_body(doc, issuer) or "cơ quan ban hành",
            "issuer_id": doc.issuer_id,
            "issuer_emails": issuer.email_list if issuer else [],
        }
    return out


def short_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


@lru_cache(maxsize=4096)
def period_words(kind: str, period: str | None) -> tuple[str | None, str | None]:
    """Return a period as a message names it ('tháng 01/2027') and its ND 09 data window, for periodic reports."""
    if not period or kind in REVIEW_KINDS:
        return None, None
    p = workdays.Period.parse(period)
    start, end = p.window()
    return p.label_vi(), f"từ {short_date(start)} đến {short_date(end)}"


def item(
    plan: dict,
    *,
    token: str,
    unit_id: int,
    link_version: int,
    kind: str,
    title: str | None,
    period: str | None,
    due: date,
    lock: date,
    days_late: int | None = None,
    days_left: int | None = None,
) -> dict:
    """Return one line of a follow-up message: what, which period, which plan, by when, and the unit's own link."""
    period_label, window = period_words(kind, period)
    link = link_url(SimpleNamespace(token=token, unit_id=unit_id, link_version=link_version))
    return {
        "what": title or label(kind),
        "period_label": period_label,
        "window": window,
        "doc_type": plan["doc_type"],
        "so_ky_hieu": plan["so_ky_hieu"],
        "subject": plan["subject"],
        "issuer": plan["issuer"],
        "due": due.isoformat(),
        "lock": lock.isoformat(),
        "days_late": days_late,
        "days_left": days_left,
        "link": link,
    }


def group_key(unit_id: int, day: date, parts) -> str:
    """Return the key of one unit's message of a day: the unit, the day and what it lists (a digest of the set)."""
    digest = hashlib.sha256(",".join(sorted(str(p) for p in parts)).encode()).hexdigest()[:16]
    return f"{unit_id}:{day.isoformat()}:{digest}"


def unit_message(
    kind: str, unit, key: str, context: dict, *, plans: dict[int, dict], document_ids: set[int]
) -> list[dict]:
    """Return the outbox rows of one message to every address of a unit; a message about one plan replies to its
    issuer and is filed under that plan."""
    only = next(iter(document_ids)) if len(document_ids) == 1 else None
    reply = plans[only]["issuer_emails"][0] if only and plans[only]["issuer_emails"] else None
    first = next(iter(context.get("overdue_items") or context.get("due_items") or context.get("items") or []), None)
    ctx = {"unit_name": unit.name, **context}
    if first is not None:
        ctx |= {"link": first["link"], "lock": first["lock"], "issuer": first["issuer"]}
    # the subject names the first item and how many there are: the same for thousands of units, rendered once
    lists = tuple((k, len(v), _no_link(v[0]) if v else ()) for k, v in context.items() if isinstance(v, list))
    return mail_rows(
        kind,
        to=unit_addresses(unit),
        key=key,
        context=ctx,
        unit_id=unit.id,
        document_id=only,
        reply_to=reply,
        subject=_subject(kind, lists),
    )


def _no_link(item: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in item.items() if k not in ("link", "lock", "window")))


@lru_cache(maxsize=1024)
def _subject(kind: str, lists: tuple) -> str:

    context = {k: ([dict(first)] if first else []) + [{}] * (n - 1 if first else n) for k, n, first in lists}
    return render_subject(kind, context)
