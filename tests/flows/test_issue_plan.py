"""The issue-plan flow, driven through the CLI under Prefect's test harness, with a real SMTP server."""

from __future__ import annotations

import dataclasses
import re
import signal
import time
from datetime import date
from pathlib import Path

import pytest

from tests.cli_runner import make_cli
from tests.factories import PlanSpec, plan_docx

NOW = "2026-11-23T09:00:00+07:00"


def _province_plan(tmp_path: Path, **changes: object) -> Path:
    """A plan of Vĩnh Long province, modelled on seed 004, sent to every commune and ward."""
    spec = PlanSpec(
        so_ky_hieu="120/KH-UBND",
        parent_body="",
        issuer_body="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
        place="Vĩnh Long",
        issued_on=date(2026, 11, 20),
        noi_nhan=["Văn phòng Chính phủ;", "TT. Tỉnh ủy, TT. HĐND tỉnh;", "UBND các xã, phường;", "Lưu: VT, NC."],
        body=[
            "I. TỔ CHỨC THỰC HIỆN",
            "Ủy ban nhân dân các xã, phường xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ "
            "trước ngày 15 tháng 12 năm 2026; định kỳ hằng năm báo cáo kết quả.",
        ],
    )
    spec = dataclasses.replace(spec, **changes)
    path = tmp_path / "ke-hoach-120.docx"
    path.write_bytes(plan_docx(spec))
    return path


@pytest.fixture
def cli(sqlite_db: str, tmp_path: Path, smtp, prefect_api: str):
    c = make_cli(tmp_path, sqlite_db, smtp.port, prefect_api, NOW)
    c("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn")
    return c


@pytest.mark.postgres
def test_dispatch_on_postgresql(postgres, tmp_path: Path, smtp, prefect_api: str, monkeypatch) -> None:
    from models.migrate import upgrade_to_head

    url = postgres.new_database()
    upgrade_to_head(url)
    c = make_cli(tmp_path, url, smtp.port, prefect_api, NOW)
    c("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn")
    plan = _province_plan(tmp_path)
    out = c.json("plan", "issue", str(plan), "--issuer", "86", "--yes")
    # each ward owes its own plan and the first yearly report
    assert (out["obligations"], out["queued"]) == (248, 124)
    assert len(smtp.collector.by_recipient()) == 124
    again = c.json("plan", "issue", str(plan), "--issuer", "86", "--yes")
    assert again["queued"] == 0 and sum(len(m) for m in smtp.collector.by_recipient().values()) == 124
    st = c.json("plan", "status", out["ref"])
    assert st["counts"]["pending"] == 248


async def test_artifacts_read_back_through_the_client(cli, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, TaskRunFilter
    from prefect.client.schemas.sorting import ArtifactSort

    def by_key(k: str) -> dict:
        # every field given: this server version refuses the client's nulls for limit, sort and run filters
        return {
            "artifact_filter": ArtifactFilter(key=ArtifactFilterKey(any_=[k])),
            "limit": 10,
            "sort": ArtifactSort.CREATED_DESC,
            "flow_run_filter": FlowRunFilter(),
            "task_run_filter": TaskRunFilter(),
        }

    out = cli.json("plan", "issue", str(_province_plan(tmp_path)), "--issuer", "86", "--yes")
    key = f"plan-{out['ref']}"
    async with get_client() as client:
        summary = (await client.read_artifacts(**by_key(key)))[0]
        table = (await client.read_artifacts(**by_key(f"{key}-status")))[0]
    assert "120/KH-UBND" in summary.data and "Thực hiện** (124)" in summary.data
    assert "chưa nộp: 248" in summary.data
    rows = table.data if isinstance(table.data, list) else __import__("json").loads(table.data)
    assert len(rows) == 248 and {r["Trạng thái"] for r in rows} == {"Chưa nộp"}


def test_preview_lists_resolved_and_unresolved_lines_and_writes_nothing(cli, tmp_path: Path) -> None:
    plan = _province_plan(tmp_path)
    p = cli.json("plan", "issue", str(plan), "--issuer", "86", "--dry-run")
    acting = [r for r in p["recipients"] if r["role"] == "thuc_hien"]
    assert len(acting) == 124 and all(len(r["code"]) == 5 for r in acting)
    assert "Văn phòng Chính phủ;" in p["unresolved"] and "TT. Tỉnh ủy, TT. HĐND tỉnh;" in p["unresolved"]
    assert not any("Lưu" in line for line in p["unresolved"])
    (req,) = [r for r in p["requirements"] if r["kind"] == "submit_plan"]
    assert req["first_due"] == "2026-12-15"
    human = cli("plan", "issue", str(plan), "--issuer", "86", "--dry-run").stdout
    assert "Văn phòng Chính phủ" in human and "chưa xác định" in human
    assert cli.json("plan", "list") == []  # nothing registered


def test_issue_with_yes_notifies_every_commune_once(cli, smtp, tmp_path: Path) -> None:
    plan = _province_plan(tmp_path)
    out = cli.json("plan", "issue", str(plan), "--issuer", "86", "--yes")
    assert set(out) >= {"ref", "so_ky_hieu", "obligations", "queued"}
    assert out["so_ky_hieu"] == "120/KH-UBND" and out["obligations"] == 248 and out["queued"] == 124
    got = smtp.collector.by_recipient()
    assert len(got) == 124 and all(len(msgs) == 1 for msgs in got.values())
    links = set()
    for addr, (msg,) in got.items():
        text = msg.get_body(("plain",)).get_content()
        (link,) = re.findall(r"https://nop\.example\.vn/\S+", text)
        links.add(link)
        names = [part.get_filename() for part in msg.iter_attachments()]
        assert names == ["ke-hoach-120.docx"], addr
    assert len(links) == 124  # every unit its own link
    st = cli.json("plan", "status", out["ref"])
    assert st["counts"]["pending"] == 248
    plans = [u for u in st["units"] if u["requirement"] == "submit_plan"]
    reports = [u for u in st["units"] if u["requirement"] == "periodic_report"]
    assert len(plans) == len(reports) == 124
    assert {u["due"] for u in plans} == {"2026-12-15"} and {u["period"] for u in reports} == {"2026"}
    # rerun on the same file: nothing new
    again = cli.json("plan", "issue", str(plan), "--issuer", "86", "--yes")
    assert again["ref"] == out["ref"] and again["queued"] == 0
    assert sum(len(m) for m in smtp.collector.by_recipient().values()) == 124


def test_approve_and_reject(cli, smtp, tmp_path: Path) -> None:
    plan = _province_plan(tmp_path)
    out = cli.json("plan", "issue", str(plan), "--issuer", "86")
    assert out["status"] == "awaiting_approval" and out["obligations"] == 0
    assert smtp.collector.received == []
    bad = cli("approve", out["ref"], "--reject", "--by", "Nguyễn Văn A", check=False)
    assert bad.returncode == 2 and "lý do" in bad.stderr
    cli("approve", out["ref"], "--reject", "--reason", "Sửa lại hạn nộp", "--by", "Nguyễn Văn A")
    assert cli.json("plan", "status", out["ref"])["status"] == "rejected"
    assert smtp.collector.received == []

    other = _province_plan(tmp_path, so_ky_hieu="121/KH-UBND")
    out2 = cli.json("plan", "issue", str(other), "--issuer", "86")
    cli("approve", "121/KH-UBND", "--by", "Trần Thị B", "--due", "2026-12-20")
    st = cli.json("plan", "status", out2["ref"])
    assert st["status"] == "dispatched" and st["counts"]["total"] == 248
    plans = [u for u in st["units"] if u["requirement"] == "submit_plan"]
    assert {u["due"] for u in plans} == {"2026-12-21"}  # 20/12/2026 is a Sunday
    assert len(smtp.collector.by_recipient()) == 124


def test_past_deadline_gets_default_due_and_a_warning(cli, tmp_path: Path) -> None:
    plan = _province_plan(
        tmp_path,
        body=["Các xã, phường gửi kế hoạch về Sở Nội vụ trước ngày 15 tháng 10 năm 2026."],
    )
    p = cli.json("plan", "issue", str(plan), "--issuer", "86", "--dry-run")
    (req,) = [r for r in p["requirements"] if r["kind"] == "submit_plan"]
    # 10 working days after Monday 23/11/2026 (24/11, Vietnam Culture Day, is a day off)
    assert req["first_due"] == "2026-12-08"
    assert any("10 ngày làm việc" in w for w in p["warnings"])
    human = cli("plan", "issue", str(plan), "--issuer", "86", "--dry-run").stdout
    assert "10 ngày làm việc" in human


def test_submit_extend_exempt_show_in_status(cli, smtp, tmp_path: Path) -> None:
    out = cli.json("plan", "issue", str(_province_plan(tmp_path)), "--issuer", "86", "--yes")
    ref = out["ref"]
    codes = [u["code"] for u in cli.json("plan", "status", ref)["units"] if u["requirement"] == "submit_plan"]
    report = tmp_path / "ke-hoach-xa.docx"
    report.write_bytes(plan_docx(PlanSpec(so_ky_hieu="05/KH-UBND", issuer_body="ỦY BAN NHÂN DÂN XÃ")))
    cli("submit", ref, "--unit", codes[0], str(report))
    # each unit owes its plan and its 2026 report: an extension or exemption names which one
    vague = cli("extend", ref, "--unit", codes[1], "--to", "2027-01-08", "--reason", "Xã mới sáp nhập", check=False)
    assert vague.returncode == 2 and "--requirement" in vague.stderr
    cli("extend", ref, "--unit", codes[1], "--requirement", "ke-hoach", "--to", "2027-01-08", "--reason", "Sáp nhập")
    cli("exempt", ref, "--unit", codes[2], "--requirement", "ke-hoach", "--reason", "Đơn vị giải thể")
    st = {u["code"]: u for u in cli.json("plan", "status", ref)["units"] if u["requirement"] == "submit_plan"}
    assert st[codes[0]]["state"] == "submitted" and st[codes[0]]["submitted_at"].startswith("2026-11-23")
    assert st[codes[0]]["review"] == "pending_review" and st[codes[0]]["days_late"] == 0
    assert st[codes[1]]["due"] == "2027-01-08" and st[codes[1]]["state"] == "pending"
    assert st[codes[2]]["state"] == "exempt"
    counts = cli.json("plan", "status", ref)["counts"]
    assert (counts["submitted"], counts["exempt"], counts["pending"]) == (1, 1, 122 + 124)
    receipts = [m for m in smtp.collector.by_recipient()[f"{codes[0]}@example.vn"] if "Biên nhận" in m["Subject"]]
    assert len(receipts) == 1
    bad = tmp_path / "virus.docx"
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    r = cli("submit", ref, "--unit", codes[3], str(bad), check=False)
    assert r.returncode == 2 and "từ chối" in r.stderr


@pytest.mark.slow
def test_sigkill_mid_dispatch_then_rerun_notifies_each_unit_once(cli, smtp, tmp_path: Path) -> None:
    plan = _province_plan(tmp_path)
    smtp.collector.delay_s = 0.05
    proc = cli.popen("plan", "issue", str(plan), "--issuer", "86", "--yes", "--json")
    deadline = time.monotonic() + 120
    while len(smtp.collector.received) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = len(smtp.collector.received)
    assert 0 < at_kill < 124, at_kill
    smtp.collector.delay_s = 0
    cli("plan", "issue", str(plan), "--issuer", "86", "--yes")
    got = smtp.collector.by_recipient()
    assert len(got) == 124  # none missing
    for msgs in got.values():
        assert len({m["Message-ID"] for m in msgs}) == 1  # one notice each; a resend carries the same id
    extra = sum(len(m) for m in got.values()) - 124
    assert extra <= 4  # only messages in flight at the kill (one per parallel connection)


def test_links_resend_and_exports(cli, smtp, tmp_path: Path) -> None:
    out = cli.json("plan", "issue", str(_province_plan(tmp_path)), "--issuer", "86", "--yes")
    ref = out["ref"]
    codes = sorted({u["code"] for u in cli.json("plan", "status", ref)["units"]})
    one = cli("plan", "links", ref, "--unit", codes[0]).stdout.strip().splitlines()
    assert one and all(line.startswith(codes[0] + "\t") and "https://nop.example.vn/nop/" in line for line in one)
    assert cli("plan", "links", ref, "--unreachable", check=False).stdout.strip() == ""  # every unit has mail
    cli("units", "set-email", codes[0], "vanthu.moi@example.vn")
    cli("plan", "resend", ref, "--unit", codes[0])
    got = smtp.collector.by_recipient()
    assert len(got["vanthu.moi@example.vn"]) == 1 and len(got[f"{codes[0]}@example.vn"]) == 1
    cli("plan", "status", ref, "--csv", str(tmp_path / "t.csv"), "--xlsx", str(tmp_path / "t.xlsx"))
    rows = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Mã,Đơn vị") and len(rows) == 1 + 248
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "t.xlsx").active.max_row == 1 + 248
    # the Prefect UI's approval path takes the REF, not a database id
    from flows.approve_plan import approve_plan

    assert "ref" in approve_plan.parameters.properties


def test_to_replaces_the_recipients(cli, tmp_path: Path) -> None:
    plan = str(_province_plan(tmp_path))

    def acting(*to: str) -> list[str]:
        args = [a for t in to for a in ("--to", t)]
        p = cli.json("plan", "issue", plan, "--issuer", "86", "--dry-run", *args)
        return sorted(r["code"] for r in p["recipients"] if r["role"] == "thuc_hien")

    everyone = acting("children")
    assert len(everyone) == 124 and acting("descendants") == everyone
    cli("units", "group", "Cụm thi đua số 1", everyone[0], everyone[1])
    assert acting("Cụm thi đua số 1") == everyone[:2]
    assert acting(everyone[5], "Cụm thi đua số 1") == sorted([everyone[0], everyone[1], everyone[5]])
    p = cli.json("plan", "issue", plan, "--issuer", "86", "--dry-run", "--to", "không-có")
    assert p["unresolved"] == ["không-có"] and any("--to" in w for w in p["warnings"])
    bad = cli("plan", "issue", plan, "--issuer", "99999", "--dry-run", check=False)
    assert bad.returncode == 2 and "99999" in bad.stderr
