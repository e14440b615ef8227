"""Take in what units sent since the last round, from the portal and the CLI alike: read it, warn the reviewer of
what does not fit its obligation, and say what came in (for events and the supervisors' view)."""

from __future__ import annotations

from prefect import task

from kehoach import clock
from kehoach.settings import get_settings
from models.db import session_scope
from models.documents import get_document, list_requirements
from models.obligations import claim_uncollected_submissions, get_obligation
from models.org import list_units_by_ids
from models.receipts import list_receipts, receipt_label
from models.states import label
from models.submissions import set_submission_fields
from tasks.content_match import read_new_submissions
from tasks.followup.events import SUBMISSION_RECEIVED, event
from tasks.obligations import kinds_of_file


def kind_warning(fields: dict, requirement_kind: str) -> str | None:
    """Return a warning when the file is a kind of document its obligation does not ask for."""
    kinds = kinds_of_file(fields)
    if kinds and requirement_kind not in kinds:
        return (
            f"Tệp là {fields.get('loai_van_ban') or 'văn bản'} nhưng nghĩa vụ này là "
            f"“{label(requirement_kind)}”: kiểm tra đơn vị có gửi nhầm không."
        )
    return None


@task(name="collect-submissions")
def collect_submissions(limit: int | None = None) -> dict:
    """Read new files in batches, then take every submission not yet collected; return them, the plans they touch
    and a `kehoach.submission.received` event for each.

    Args:
        limit: submissions per batch (default: the `collect_batch` setting).
    """
    limit = limit or get_settings().collect_batch
    read = 0
    while True:  # the portal's files first: nobody has read them yet
        n = read_new_submissions.fn(limit=limit)["read"]
        read += n
        if n < limit:
            break
    collected: list[dict] = []
    events: list[dict] = []
    documents: set[int] = set()
    while True:
        with session_scope() as session:
            rows = claim_uncollected_submissions(session=session, now=clock.now(), limit=limit)
            if not rows:
                break
            units = {u.id: u for u in list_units_by_ids(session=session, ids={r[9] for r in rows})}
            receipts = list_receipts(session=session, submission_ids=[r[0] for r in rows])
            docs, reqs = {}, {}
            for sub_id, version, channel, received_at, fields, ob_id, period, due, doc_id, unit_id in rows:
                if doc_id not in docs:
                    docs[doc_id] = get_document(session=session, document_id=doc_id)
                    reqs |= {r.id: r for r in list_requirements(session=session, document_id=doc_id)}
                doc, unit = docs[doc_id], units[unit_id]
                req = reqs[get_obligation(session=session, obligation_id=ob_id).requirement_id]
                fields = dict(fields or {})
                warnings = list(fields.get("match_warnings") or [])
                if (w := kind_warning(fields, req.kind)) and w not in warnings:
                    warnings.append(w)
                    set_submission_fields(
                        session=session, submission_id=sub_id, fields=fields | {"match_warnings": warnings}
                    )
                rc = receipts.get(sub_id)
                on_time = clock.as_vn(received_at).date() <= due
                item = {
                    "submission_id": sub_id,
                    "document_id": doc_id,
                    "unit": unit.code,
                    "period": period or None,
                    "version": version,
                    "channel": channel,
                    "on_time": on_time,
                    "receipt": receipt_label(rc.number, rc.year) if rc else None,
                    "warnings": warnings,
                }
                collected.append(item)
                documents.add(doc_id)
                payload = {k: item[k] for k in ("period", "version", "channel", "on_time", "receipt", "warnings")}
                payload |= {"requirement": req.kind, "received_at": clock.as_vn(received_at).isoformat()}
                events.append(
                    event(
                        SUBMISSION_RECEIVED,
                        ref=doc.ref,
                        so_ky_hieu=doc.so_ky_hieu,
                        unit=(unit.code, unit.name),
                        payload=payload,
                    )
                )
        if len(rows) < limit:
            break
    return {
        "read": read,
        "collected": len(collected),
        "warned": sum(1 for c in collected if c["warnings"]),
        "submissions": collected,
        "document_ids": sorted(documents),
        "events": events,
    }
