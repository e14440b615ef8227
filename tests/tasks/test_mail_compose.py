"""Messages as mail systems read them: Vietnamese headers and file names decode to NFC; every kind renders."""

from __future__ import annotations

import re
import unicodedata
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from kehoach.settings import get_settings
from models.db import session_scope
from models.outbox import LINK_KINDS, MessageKind, OutgoingMessage, message_id_for, queue_messages
from tasks.mail import send_queued
from tasks.mail.compose import TEMPLATES, build_message
from tasks.storage import store_file
from tests.smtp import Collector, free_port


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


SUBJECT = "Kế hoạch 55/KH-UBND — Tổ chức thực hiện phong trào thi đua “Văn hóa công sở” giai đoạn 2019–2025"
FROM = "Văn phòng Ủy ban nhân dân thị xã Duyên Hải"
UNIT = "Ủy ban nhân dân xã Long Toàn, thị xã Duyên Hải"
FILES = ["Kế hoạch số 55 – Ủy ban nhân dân thị xã Duyên Hải về Văn hóa công sở.docx", "Phụ lục biểu mẫu báo cáo.pdf"]


def test_subject_names_and_file_names_decode_to_the_same_nfc_text(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = [b"PK\x03\x04" + bytes(range(256)) * 200, b"%PDF-1.7\n" + b"\x00\xff" * 3000]
    shas = [store_file(contents[0], "docx"), store_file(contents[1], "pdf")]
    handler = Collector()
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        monkeypatch.setenv("KEHOACH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KEHOACH_SMTP_PORT", str(ctl.port))
        # decomposed input (as macOS file names and some keyboards give it) must come out composed
        monkeypatch.setenv("KEHOACH_MAIL_FROM", f"{nfd(FROM)} <vanthu@duyenhai.gov.vn>")
        get_settings.cache_clear()
        with session_scope() as s:
            queue_messages(
                session=s,
                messages=[
                    {
                        "idempotency_key": "hdr",
                        "kind": "notice",
                        "to_addr": "longtoan@duyenhai.gov.vn",
                        "to_name": nfd(UNIT),
                        "subject": nfd(SUBJECT),
                        "template": "generic",
                        "reply_to": "vt@duyenhai.gov.vn",
                        "context": {
                            "text": "Đề nghị đơn vị xây dựng kế hoạch.",
                            "link": "http://127.0.0.1:8000/nop/abc",
                        },
                        "attachments": [
                            {"sha256": shas[0], "ext": "docx", "filename": nfd(FILES[0])},
                            {"sha256": shas[1], "ext": "pdf", "filename": FILES[1]},
                        ],
                    }
                ],
            )
        assert send_queued()["sent"] == 1
    finally:
        ctl.stop()
    (received,) = handler.received
    raw = received.data
    assert all(b < 128 for b in raw)  # every header and part encoded for 7-bit transport: no SMTPUTF8 needed
    msg = message_from_bytes(raw, policy=policy.default)
    assert str(msg["Subject"]) == nfc(SUBJECT)
    assert msg["From"].addresses[0].display_name == nfc(FROM)
    assert msg["To"].addresses[0].display_name == nfc(UNIT)
    assert msg["Reply-To"] == "vt@duyenhai.gov.vn"
    atts = list(msg.iter_attachments())
    assert [a.get_filename() for a in atts] == [nfc(f) for f in FILES]
    assert [a.get_content() for a in atts] == contents
    assert atts[0].get_content_type().endswith("wordprocessingml.document")
    assert re.search(rb"filename\*(0\*)?=utf-8''", raw)  # RFC 2231, continued over lines when long
    plain = msg.get_body(("plain",)).get_content()
    assert plain.startswith("Kính gửi: " + nfc(UNIT)) and plain == nfc(plain)
    assert "http://127.0.0.1:8000/nop/abc" in msg.get_body(("html",)).get_content()
    assert msg["Message-ID"] == message_id_for("hdr", "duyenhai.gov.vn")


ITEM = {
    "what": "Báo cáo định kỳ hằng tháng",
    "period_label": "tháng 03/2026",
    "doc_type": "Kế hoạch",
    "so_ky_hieu": "55/KH-UBND",
    "subject": "Văn hóa",
    "issuer": "UBND thị xã",
    "due": "2026-03-20",
    "lock": "2026-04-20",
    "link": "http://127.0.0.1:8000/nop/tok.1.1.sig",
}
CONTEXTS: dict[str, dict] = {
    "notice": {
        "unit_name": UNIT,
        "issuer": "UBND thị xã Duyên Hải",
        "doc_type": "Kế hoạch",
        "so_ky_hieu": "55/KH-UBND",
        "issued_on": "2019-08-26",
        "subject": "Văn hóa công sở",
        "due": "2019-09-30",
        "lock": "2019-10-30",
    },
    "copy": {
        "unit_name": UNIT,
        "issuer": "UBND thị xã Duyên Hải",
        "doc_type": "Kế hoạch",
        "so_ky_hieu": "55/KH-UBND",
        "issued_on": "2019-08-26",
        "subject": "Văn hóa công sở",
    },
    "period_opened": {"unit_name": UNIT, "items": [ITEM | {"window": "từ 15/02/2026 đến 14/03/2026"}]},
    "reminder": {"unit_name": UNIT, "due_items": [ITEM | {"days_left": 3}], "overdue_items": []},
    "overdue": {
        "unit_name": UNIT,
        "overdue_items": [ITEM | {"days_late": 3}, ITEM | {"period_label": "tháng 02/2026", "days_late": 23}],
        "due_items": [ITEM | {"what": "Xây dựng kế hoạch thực hiện", "period_label": None, "days_left": 1}],
    },
    "digest": {
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa",
        "as_of": "2026-03-23",
        "counts": {"Đã nộp": 40, "Chưa nộp": 3},
        "late_units": [{"name": "UBND xã Long Hữu", "days_late": 3}],
    },
    "receipt": {
        "unit_name": UNIT,
        "version": 1,
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa",
        "period": None,
        "file_name": "KH xã.docx",
        "received_at": "2026-03-18T09:15:00+07:00",
        "sha256": "ab" * 32,
    },
    "accepted": {"unit_name": UNIT, "version": 2, "so_ky_hieu": "55/KH-UBND", "subject": "Văn hóa"},
    "returned": {
        "unit_name": UNIT,
        "issuer": "UBND thị xã",
        "version": 1,
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa",
        "reason": "Thiếu chữ ký",
        "due": "2026-03-25",
        "lock": "2026-04-20",
    },
    "recall": {
        "unit_name": UNIT,
        "issuer": "UBND thị xã",
        "doc_type": "Kế hoạch",
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa",
        "reason": "Ban hành nhầm",
    },
    "extended": {
        "unit_name": UNIT,
        "issuer": "UBND thị xã",
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa",
        "what": "Báo cáo định kỳ hằng tháng",
        "period_label": "tháng 03/2026",
        "reason": "Thiên tai",
        "due": "2026-03-31",
        "lock": "2026-04-30",
    },
    "exempted": {
        "unit_name": UNIT,
        "issuer": "UBND thị xã",
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa",
        "what": "Báo cáo định kỳ hằng tháng",
        "period_label": None,
        "reason": "Sáp nhập",
    },
    "plan_completed": {
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa",
        "as_of": "2026-03-23",
        "expected": 40,
        "on_time": 38,
        "late": 2,
        "exempt": 1,
        "status_link": "http://127.0.0.1:8000/theo-doi/x",
    },
    "report_upward": {
        "issuer": "UBND thị xã Duyên Hải",
        "doc_type": "Báo cáo",
        "so_ky_hieu": "12/BC-UBND",
        "subject": "Kết quả sơ kết",
        "basis": "Kế hoạch 66/KH-UBND của UBND tỉnh",
    },
    "report_draft": {
        "unit_name": "UBND thị xã Duyên Hải",
        "doc_type": "Kế hoạch",
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa công sở",
        "issued_on": "2019-08-26",
        "period": "2026",
        "submitted": 5,
        "on_time": 4,
        "late": 1,
        "returned": 1,
        "missing": 2,
        "upward": "kehoach submit abc --unit 851 TỆP_ĐÃ_KÝ",
    },
    "succession": {
        "unit_name": "Phường Duyên Hải",
        "issuer": "UBND thị xã Duyên Hải",
        "doc_type": "Kế hoạch",
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Văn hóa công sở",
        "issued_on": "2019-08-26",
        "from_units": ["Phường 1", "Xã Long Toàn"],
        "period": "2025",
        "due": "2025-12-15",
        "lock": "2026-01-14",
    },
}


@pytest.mark.parametrize("kind", [k.value for k in MessageKind])
def test_every_kind_has_text_and_html_templates_that_render(sqlite_db: str, kind: str) -> None:
    assert (TEMPLATES / f"{kind}.txt.j2").exists() and (TEMPLATES / f"{kind}.html.j2").exists()
    ctx = dict(CONTEXTS[kind])
    if kind in LINK_KINDS:
        ctx["link"] = "http://127.0.0.1:8000/nop/tok.1.1.sig"
    row = OutgoingMessage(
        id=1,
        idempotency_key=kind,
        message_id=f"<{kind}@x.vn>",
        kind=kind,
        to_addr="a@x.vn",
        to_name="UBND tỉnh Trà Vinh",
        subject=f"Thư {kind}",
        template=kind,
        context=ctx,
    )
    msg = message_from_bytes(build_message(row), policy=policy.default)
    plain, html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
    assert plain.startswith("Kính gửi: ") and '<meta charset="utf-8">' in html
    if kind in LINK_KINDS:  # a unit asked to act finds its own link in both parts
        assert ctx["link"] in plain and ctx["link"] in html
    assert "{{" not in plain and "None" not in plain


def test_html_part_escapes_what_units_typed(sqlite_db: str) -> None:
    ctx = CONTEXTS["returned"] | {"reason": "<script>x</script> & thiếu dấu", "link": "http://h/nop/t"}
    row = OutgoingMessage(
        id=1,
        idempotency_key="e",
        message_id="<e@x.vn>",
        kind="returned",
        to_addr="a@x.vn",
        subject="Trả lại",
        template="returned",
        context=ctx,
    )
    msg = message_from_bytes(build_message(row), policy=policy.default)
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; thiếu dấu" in html


def test_templates_are_nfc(sqlite_db: str) -> None:
    for path in Path(TEMPLATES).glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert text == nfc(text), path.name


@pytest.mark.parametrize("name", ["A" * 10_000, "Ủy ban nhân dân xã Long Toàn " * 400])
def test_a_very_long_unit_name_still_makes_a_message_servers_take(sqlite_db: str, monkeypatch, name: str) -> None:
    from tests.smtp import SmtpSink

    with SmtpSink() as sink:
        monkeypatch.setenv("KEHOACH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KEHOACH_SMTP_PORT", str(sink.port))
        get_settings.cache_clear()
        with session_scope() as s:
            queue_messages(
                session=s,
                messages=[
                    {
                        "idempotency_key": "dai",
                        "kind": "receipt",
                        "to_addr": "a@x.vn",
                        "to_name": name,
                        "subject": "Biên nhận " + name,
                        "template": "generic",
                        "context": {"text": "x"},
                    }
                ],
            )
        res = send_queued()
        assert (res["sent"], res["failed"]) == (1, 0), res
        (got,) = sink.collector.received
    assert max(len(line) for line in got.data.splitlines()) <= 998
    msg = got.message
    assert msg["To"].addresses[0].addr_spec == "a@x.vn" and len(str(msg["To"])) < 200


def test_every_kind_has_a_subject_template_on_one_line(sqlite_db: str) -> None:
    from tasks.mail.compose import render_subject

    for kind in MessageKind:
        ctx = dict(CONTEXTS[kind.value]) | {"unit_name": "Xã Long Toàn", "subject_line": "Thư"}
        subject = render_subject(kind.value, ctx)
        assert subject and "\n" not in subject and "{{" not in subject, kind
