"""The one builder of outbox rows: every kind of message (notice, receipt, reminder, chasing, recall, …)."""

from __future__ import annotations

from collections.abc import Iterable

from tasks.mail.compose import render_subject


def mail_rows(
    kind: str,
    *,
    to: Iterable[tuple[str | None, str]],
    key: str,
    context: dict,
    unit_id: int | None = None,
    document_id: int | None = None,
    obligation_id: int | None = None,
    attachments: list[dict] | None = None,
    reply_to: str | None = None,
    template: str | None = None,
    subject: str | None = None,
) -> list[dict]:
    """Return one outbox row per (name, address), keyed `<kind>:<key>:<address>`; the subject is the kind's template.

    The caller queues the rows (`models.outbox.queue_messages`) in its own transaction, many units at once.
    `subject`, when given, replaces the rendered one (a caller sending thousands of messages with one subject
    renders it once).
    """
    template = template or kind
    rows = []
    for name, addr in to:
        ctx = {"to_name": name, **context}
        rows.append(
            {
                "idempotency_key": f"{kind}:{key}:{addr}",
                "kind": kind,
                "to_addr": addr,
                "to_name": name,
                "unit_id": unit_id,
                "document_id": document_id,
                "obligation_id": obligation_id,
                "subject": subject if subject is not None else render_subject(template, ctx),
                "template": template,
                "context": context,
                "attachments": list(attachments or []),
                "reply_to": reply_to,
            }
        )
    return rows


def unit_addresses(unit) -> list[tuple[str, str]]:
    """Return (name, address) for every address of a unit."""
    return [(unit.name, addr) for addr in unit.email_list]
