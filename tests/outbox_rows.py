"""Outbox rows for mail tests: Vietnamese subject, names and attachment, each notice with its link."""

from __future__ import annotations

from kehoach import clock
from models.db import session_scope
from models.outbox import queue_messages
from tasks.storage import store_file

SUBJECT = "Kế hoạch 55/KH-UBND — Tổ chức thực hiện phong trào thi đua “Văn hóa công sở”"
ATTACHMENT = "Kế hoạch số 55 – Ủy ban nhân dân thị xã Duyên Hải.docx"
UNIT = "Ủy ban nhân dân xã Long Toàn"


def queue_rows(n: int, *, prefix: str = "u", attach: bool = False, kind: str = "notice") -> list[str]:
    """Queue n messages to prefix0@example.vn…; return the addresses."""
    sha = store_file(b"PK\x03\x04 demo attachment " * 100, "docx") if attach else None
    addrs = [f"{prefix}{i}@example.vn" for i in range(n)]
    with session_scope() as s:
        queue_messages(
            session=s,
            now=clock.now(),
            messages=[
                {
                    "idempotency_key": f"test:{a}",
                    "kind": kind,
                    "to_addr": a,
                    "to_name": UNIT,
                    "subject": SUBJECT,
                    "template": "generic",
                    "context": {"text": "Đề nghị đơn vị xây dựng kế hoạch.", "link": f"http://127.0.0.1:8000/nop/{i}"},
                    "attachments": [{"sha256": sha, "ext": "docx", "filename": ATTACHMENT}] if attach else [],
                    "reply_to": "vanthu@duyenhai.gov.vn",
                }
                for i, a in enumerate(addrs)
            ],
        )
    return addrs


def counts(result: dict) -> dict:
    """Return a send result's counts (sent, retry, failed), without the last problem reported beside them."""
    return {k: result[k] for k in ("sent", "retry", "failed")}
