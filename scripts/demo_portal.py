"""The demo's units answering through the portal, over HTTP, with the links their e-mails carried.

    demo_portal.py PLAN_NUMBER KIND CODE...

For each unit: read the messages the mail catcher kept for its address, take the links they carry, keep the one
whose obligation under plan PLAN_NUMBER is of KIND (ke-hoach: the unit's own plan, ke-hoach-bo-sung: the same
sent again after it was returned; bao-cao: its yearly report),
write the unit's document (scripts/demo_plan.py) and upload it to that link as a browser form would; print the
receipt's số đến. The portal's address is KEHOACH_PORTAL_URL; the clock is the portal's own.
"""

from __future__ import annotations

import re
import sys
from email import message_from_bytes, policy
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from demo_plan import document  # noqa: E402

from kehoach.settings import get_settings  # noqa: E402
from models.db import session_scope  # noqa: E402
from models.documents import get_document, list_requirements  # noqa: E402
from models.obligations import get_obligation  # noqa: E402
from models.org import get_unit_by_code  # noqa: E402
from tasks.links import verify_link  # noqa: E402

LINK = re.compile(r"/nop/([A-Za-z0-9_\-]+\.\d+\.\d+\.[A-Za-z0-9_\-]+)")
KINDS = {
    "ke-hoach": ("submit_plan", "plan"),
    "ke-hoach-bo-sung": ("submit_plan", "revised"),  # sent again after it was returned
    "bao-cao": ("periodic_report", "report"),
}


def links_by_address() -> dict[str, list[str]]:
    """Return every link the kept messages carry, by recipient address, newest message last."""
    out: dict[str, list[str]] = {}
    for path in sorted(get_settings().mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime):
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = msg.get_body(("plain",))
        if body is None:
            continue
        for token in LINK.findall(body.get_content()):
            for addr in msg["To"].addresses if msg["To"] else ():
                out.setdefault(addr.addr_spec.lower(), []).append(token)
    return out


def find_link(tokens: list[str], plan_number: str, kind: str) -> str | None:
    """Return the newest working link that opens this kind of obligation under the plan."""
    for token in reversed(tokens):
        check = verify_link(token)
        if not check.valid:
            continue
        with session_scope() as s:
            ob = get_obligation(session=s, obligation_id=check.obligation_id)
            doc = get_document(session=s, document_id=ob.document_id)
            req = next(r for r in list_requirements(session=s, document_id=doc.id) if r.id == ob.requirement_id)
        if doc.so_ky_hieu == plan_number and req.kind == kind:
            return token
    return None


def main(plan_number: str, kind_word: str, codes: list[str]) -> int:
    kind, doc_kind = KINDS[kind_word]
    base = get_settings().portal_url.rstrip("/")
    links = links_by_address()
    failed = 0
    with httpx.Client(base_url=base, timeout=60) as http:
        for code in codes:
            with session_scope() as s:
                unit = get_unit_by_code(session=s, code=code)
                name, emails = unit.name, unit.email_list
            token = next((t for a in emails if (t := find_link(links.get(a.lower(), []), plan_number, kind))), None)
            if token is None:
                print(f"  {code} {name}: không thấy đường dẫn nộp trong thư")
                failed += 1
                continue
            data = document(doc_kind, code, name)
            mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            r = http.post(f"/nop/{token}", files={"tep": (f"{kind_word}-{code}.docx", data, mime)})
            if r.status_code != 303:
                print(f"  {code} {name}: cổng nộp trả lời {r.status_code}")
                failed += 1
                continue
            page = http.get(r.headers["location"]).text
            number = re.search(r'class="receipt-no">([^<]+)<', page)
            print(f"  {code} {name}: đã nộp qua {base}/nop/{token[:6]}…, số đến {number[1] if number else '?'}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[2] not in KINDS:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
