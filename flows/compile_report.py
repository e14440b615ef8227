"""Compile what units sent for a plan's requirement and period into a draft Báo cáo for the issuer to sign."""

from __future__ import annotations

from prefect import flow

from tasks.compile_report import draft_report
from tasks.mail import send_queued_mail
from tasks.plans.status import find_plan_id
from tasks.report_drafts import mail_draft, publish_draft_artifact


@flow(name="compile-report")
def compile_report(
    ref: str,
    period: str | None = None,
    kind: str = "tong_hop",
    out: str | None = None,
    by: str = "người vận hành",
    mail: bool = True,
    scheduled: bool = False,
) -> dict:
    """Draft the Báo cáo compiling what units sent (ND 30 format, căn cứ the plan) and mail it to the issuer.

    Args:
        ref: the plan's REF (or số, ký hiệu when unique).
        period: 2026, 2026-Q1, … ; none for the plan's one-off requirement (the units' own plans).
        kind: tong_hop, so_ket or tong_ket.
        out: also write the .docx here (a path on the machine that runs the flow).
        by: who asks for it.
        mail: send the draft to the issuer's addresses.
        scheduled: drafted by the period-end schedule (drafted once a period).
    """
    # Find the plan
    document_id = find_plan_id(ref)
    # Compile
    draft = draft_report(document_id, period, kind, out, by, scheduled)
    # Notify the issuer's office
    if mail and mail_draft(draft):
        send_queued_mail(document_id=document_id)
    # Publish
    publish_draft_artifact(draft)
    return draft
