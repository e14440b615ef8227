"""The follow-up as a records office runs it: `kehoach` commands moving through a plan's life, each flow run for real
under Prefect's harness with a real SMTP server; artifacts and events read back through the Prefect client."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.cli_runner import make_cli, one_error
from tests.factories import PlanSpec, plan_docx

ISSUED = "2026-11-23T09:00:00+07:00"
TREE = [
    "code,name,kind,parent_code,email",
    "SNV,Sở Nội vụ tỉnh Vĩnh Long,co_quan,,vanthu@snv.vinhlong.gov.vn",
    "X1,Phường Long Châu,xa,SNV,longchau@vinhlong.gov.vn",
    "X2,Xã Tân Hạnh,xa,SNV,tanhanh@vinhlong.gov.vn",
    "X3,Phường Phước Hậu,xa,SNV,phuochau@vinhlong.gov.vn",
    "T1,Trường Mầm non Hoa Sen,truong,X2,hoasen@vinhlong.edu.vn",
]
UNITS = {
    "X1": "longchau@vinhlong.gov.vn",
    "X2": "tanhanh@vinhlong.gov.vn",
    "X3": "phuochau@vinhlong.gov.vn",
    "T1": "hoasen@vinhlong.edu.vn",
}
ISSUER = "vanthu@snv.vinhlong.gov.vn"


def plan_file(tmp_path: Path) -> Path:
    spec = PlanSpec(
        so_ky_hieu="45/KH-SNV",
        parent_body="UBND TỈNH VĨNH LONG",
        issuer_body="SỞ NỘI VỤ",
        place="Vĩnh Long",
        issued_on=date(2026, 11, 20),
        body=[
            "I. TỔ CHỨC THỰC HIỆN",
            "1. Các đơn vị xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ trước ngày 15 tháng 12 năm 2026.",
            "2. Các đơn vị báo cáo kết quả thực hiện trước ngày 20 hằng tháng.",
        ],
        noi_nhan=["Các đơn vị trực thuộc;", "Lưu: VT."],
    )
    path = tmp_path / "ke-hoach-45.docx"
    path.write_bytes(plan_docx(spec))
    return path


def unit_file(tmp_path: Path, name: str, kind: str = "KẾ HOẠCH", n: int = 1) -> Path:
    spec = PlanSpec(
        so_ky_hieu=f"{n:02d}/KH-UBND",
        parent_body="UBND TỈNH VĨNH LONG",
        issuer_body="ỦY BAN NHÂN DÂN PHƯỜNG LONG CHÂU",
        place="Long Châu",
        issued_on=date(2026, 12, 10),
        can_cu=["Căn cứ Kế hoạch số 45/KH-SNV ngày 20/11/2026 của Sở Nội vụ."],
    )
    data = plan_docx(spec)
    if kind != "KẾ HOẠCH":
        data = data.replace("KẾ HOẠCH".encode(), kind.encode())
    path = tmp_path / name
    path.write_bytes(data)
    return path


def kinds_to(smtp, address: str) -> list[str]:
    """Return the kinds of message one address received, in order."""
    return [m["X-Kehoach-Kind"] for m in smtp.collector.by_recipient().get(address, [])]


def last_to(smtp, address: str, kind: str):
    return [m for m in smtp.collector.by_recipient()[address] if m["X-Kehoach-Kind"] == kind][-1]


def text(msg) -> str:
    return msg.get_body(("plain",)).get_content()


@pytest.fixture
def office(sqlite_db: str, tmp_path: Path, smtp, prefect_api: str):
    """A records office: a small tree, the plan 45/KH-SNV issued to every unit below the issuer."""
    cli = make_cli(tmp_path, sqlite_db, smtp.port, prefect_api, ISSUED)
    tree = tmp_path / "cay.csv"
    tree.write_text("\n".join(TREE) + "\n", encoding="utf-8")
    cli("units", "import", str(tree))
    out = cli.json("plan", "issue", str(plan_file(tmp_path)), "--issuer", "SNV", "--to", "descendants", "--yes")
    assert out["status"] == "dispatched" and out["obligations"] == 8  # its plan and December's report, 4 units
    cli.ref = out["ref"]
    return cli


async def read_artifact(key: str):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, TaskRunFilter
    from prefect.client.schemas.sorting import ArtifactSort

    async with get_client() as client:
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            limit=1,
            sort=ArtifactSort.CREATED_DESC,
            flow_run_filter=FlowRunFilter(),
            task_run_filter=TaskRunFilter(),
        )
    return found[0]


async def read_events(name: str, ref: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    async with get_client() as client:
        page = await client.read_events(
            filter=EventFilter(
                event=EventNameFilter(name=[name]),
                resource=EventResourceFilter(id=[f"kehoach.plan.{ref}"]),
            ),
            limit=50,
        )
    return page.events


async def test_a_plan_life_reminders_chasing_periods_review_digest_letter(office, smtp, tmp_path: Path) -> None:
    cli, ref = office, office.ref
    assert all(kinds_to(smtp, a) == ["notice"] for a in UNITS.values())
    # Thursday 10/12: 3 working days before 15/12
    cli("watch", KEHOACH_NOW="2026-12-10T07:00:00+07:00")
    assert all(kinds_to(smtp, a) == ["notice", "reminder"] for a in UNITS.values())
    assert "còn 3 ngày làm việc" in text(last_to(smtp, UNITS["X1"], "reminder"))
    r = cli("watch", KEHOACH_NOW="2026-12-10T07:00:00+07:00")  # twice at the same moment: nothing new
    assert "không có việc nào cần nhắc hạn" in r.stdout and len(smtp.collector.received) == 8
    # Friday 11/12: Phường Long Châu sends its plan by e-mail; the office records it, collect picks it up
    now = {"KEHOACH_NOW": "2026-12-11T10:00:00+07:00"}
    cli("submit", ref, "--unit", "X1", str(unit_file(tmp_path, "kh-long-chau.docx")), "--channel", "email", **now)
    r = cli("collect", **now)
    assert "Đã thu nhận 1 bản nộp" in r.stdout
    assert "Không có bản nộp mới" in cli("collect", **now).stdout
    # Monday 14/12: 1 working day before, for the three that have not sent
    cli("watch", KEHOACH_NOW="2026-12-14T07:05:00+07:00")
    assert kinds_to(smtp, UNITS["X1"]) == ["notice", "reminder", "receipt"]
    assert kinds_to(smtp, UNITS["X2"]) == ["notice", "reminder", "reminder"]
    # Tuesday 15/12: January's data window opens, so does its period
    r = cli("periods", "open", KEHOACH_NOW="2026-12-15T06:30:00+07:00")
    assert "Đã mở 1 kỳ báo cáo: 4 nghĩa vụ của 4 đơn vị" in r.stdout
    assert "Thư chờ khung giờ gửi (07:00–17:30 ngày làm việc)" in r.stdout
    assert "Không có kỳ báo cáo nào mới" in cli("periods", "open", KEHOACH_NOW="2026-12-15T06:45:00+07:00").stdout
    assert "period_opened" not in kinds_to(smtp, UNITS["T1"])  # 06:30: before the sending window
    cli("outbox", "send", KEHOACH_NOW="2026-12-15T07:30:00+07:00")
    assert "kỳ tháng 01/2027" in text(last_to(smtp, UNITS["T1"], "period_opened"))
    # Wednesday 16/12: the plan is 1 working day late and December's report (due Monday 21/12) 3 ahead: one message
    cli("watch", KEHOACH_NOW="2026-12-16T07:00:00+07:00")
    late = last_to(smtp, UNITS["X3"], "overdue")
    body = text(late)
    assert "Xây dựng kế hoạch thực hiện theo Kế hoạch 45/KH-SNV của Sở Nội vụ" in body
    assert "đã quá hạn 1 ngày làm việc" in body and "Sắp đến hạn:" in body and "kỳ tháng 12/2026" in body
    assert kinds_to(smtp, UNITS["X1"])[-1] == "reminder"  # it sent its plan: only the report is chased
    # review: return, a new version, accept; the unit is told each time
    now = {"KEHOACH_NOW": "2026-12-16T09:00:00+07:00"}
    r = cli("review", ref, "--unit", "X1", "--return", "Thiếu chữ ký, đóng dấu", "--by", "Chánh Văn phòng", **now)
    assert "Đã trả lại bản lần 1" in r.stdout and "trước ngày 23 tháng 12 năm 2026" in r.stdout
    returned = text(last_to(smtp, UNITS["X1"], "returned"))
    assert "Lý do: Thiếu chữ ký, đóng dấu" in returned and "https://nop.example.vn/nop/" in returned
    second = unit_file(tmp_path, "kh-long-chau-2.docx", n=2)
    cli("submit", ref, "--unit", "X1", "--requirement", "ke-hoach", str(second), **now)
    r = cli("review", ref, "--unit", "X1", "--accept", "--by", "Chánh Văn phòng", **now)
    assert "Đã tiếp nhận bản lần 2 của Phường Long Châu" in r.stdout
    assert "đã được tiếp nhận (Chánh Văn phòng)" in text(last_to(smtp, UNITS["X1"], "accepted"))
    again = ("review", ref, "--unit", "X1", "--requirement", "ke-hoach", "--accept", "--by", "Chánh Văn phòng")
    r = cli(*again, check=False, **now)
    assert "đã được tiếp nhận (bản cuối cùng)" in one_error(r)
    r = cli("review", ref, "--unit", "X2", "--by", "Chánh Văn phòng", check=False, **now)
    assert "chọn một: --accept hoặc --return" in one_error(r)
    # a report for January now has an obligation to go to
    report = unit_file(tmp_path, "bc-thang-1.docx", kind="BÁO CÁO", n=3)
    cli("submit", ref, "--unit", "X1", "--period", "2027-01", str(report), **now)
    assert "Đã thu nhận 2 bản nộp" in cli("collect", **now).stdout
    # Monday 21/12: the weekly digest to the issuer, listing the late units
    cli("watch", KEHOACH_NOW="2026-12-21T07:00:00+07:00")
    digest = text(last_to(smtp, ISSUER, "digest"))
    assert "Xã Tân Hạnh: Xây dựng kế hoạch thực hiện, quá hạn 4 ngày làm việc" in digest
    assert "Trường Mầm non Hoa Sen" in digest and "Phường Long Châu" not in digest
    assert f"kehoach watch --letter {ref}" in digest
    r = cli("watch", "--letter", ref, KEHOACH_NOW="2026-12-21T09:00:00+07:00")
    assert "Đã soạn Công văn đôn đốc 3 đơn vị quá hạn" in r.stdout
    assert (tmp_path / "var" / "out" / f"cong-van-don-doc_{ref}_2026-12-21.docx").exists()
    # the supervisors' view and the events, through the Prefect client
    summary = (await read_artifact(f"plan-{ref}")).data
    # each requirement's current period: the unit's plan (due 15/12) and December's report (due today, 21/12);
    # level 1: Long Châu's plan is in, Tân Hạnh's and Phước Hậu's are late; level 2: the school's
    assert "- Báo cáo định kỳ hằng tháng: tháng 12/2026, hạn ngày 21 tháng 12 năm 2026" in summary, summary
    assert "| Cấp 1 (Cấp xã) | 3 | 6 | 1 | 1 | 16.7% | 16.7% | 2 | 3 |" in summary
    assert "| Cấp 2 (Trường học) | 1 | 2 | 0 | 0 | 0.0% | 0.0% | 1 | 1 |" in summary
    assert "| **Tổng cộng** | 4 | 8 | 1 | 1 | 12.5% | 12.5% | 3 | 4 |" in summary
    assert "- Nghĩa vụ: 12; chưa nộp: 10; đã nộp: 1; đã tiếp nhận: 1" in summary
    table = (await read_artifact(f"plan-{ref}-status")).data
    rows = table if isinstance(table, list) else json.loads(table)
    mine = [r for r in rows if r["Mã"] == "X2" and r["Kỳ"] == ""]
    assert mine[0]["Tiến độ"] == "Quá hạn" and mine[0]["Số ngày trễ"] == 4
    assert mine[0]["Nhắc gần nhất"] == "2026-12-16 (đôn đốc quá hạn 1 ngày)"
    received = await read_events("kehoach.submission.received", ref)
    assert len(received) == 3 and {e.related[0].id for e in received} == {"kehoach.unit.X1"}
    overdue = await read_events("kehoach.obligation.overdue", ref)
    assert {e.related[0].id for e in overdue} == {"kehoach.unit.X2", "kehoach.unit.X3", "kehoach.unit.T1"}
    assert {e.payload["step"] for e in overdue} == {"after:1"}


def test_extend_and_exempt_per_period_tell_the_unit(office, smtp, tmp_path: Path) -> None:
    cli, ref = office, office.ref
    now = {"KEHOACH_NOW": "2026-12-15T08:00:00+07:00"}
    cli("periods", "open", **now)
    r = cli("exempt", ref, "--unit", "X3", "--period", "2027-01", "--reason", "Sáp nhập từ 01/01/2027", **now)
    assert "Đã miễn nộp Báo cáo định kỳ hằng tháng, kỳ 2027-01 cho X3" in r.stdout
    exempt = text(last_to(smtp, UNITS["X3"], "exempted"))
    assert "miễn cho đơn vị Báo cáo định kỳ hằng tháng, kỳ tháng 01/2027 theo 45/KH-SNV" in exempt
    cli("extend", ref, "--unit", "X3", "--period", "2026-12", "--to", "2027-01-05", "--reason", "Bão số 9", **now)
    extended = text(last_to(smtp, UNITS["X3"], "extended"))
    assert "đến ngày 05 tháng 01 năm 2027" in extended and "Lý do: Bão số 9" in extended
    units = {(u["period"], u["state"], u["due"]) for u in cli.json("plan", "status", ref)["units"] if u["code"] == "X3"}
    assert ("2027-01", "exempt", "2027-01-20") in units and ("2026-12", "pending", "2027-01-05") in units
    # who gets the weekly digest
    assert f"gửi: {ISSUER} (địa chỉ của cơ quan ban hành)" in cli("plan", "supervisors", ref).stdout
    r = cli("plan", "supervisors", ref, "giamdoc@snv.vinhlong.gov.vn", "pgd@snv.vinhlong.gov.vn")
    assert "gửi: giamdoc@snv.vinhlong.gov.vn, pgd@snv.vinhlong.gov.vn" in r.stdout
    assert "địa chỉ thư không hợp lệ: khong-co-a-cong" in one_error(
        cli("plan", "supervisors", ref, "khong-co-a-cong", check=False)
    )


def test_the_watch_on_postgresql(postgres, tmp_path: Path, smtp, prefect_api: str, monkeypatch) -> None:
    from tests.conftest import configure

    url = postgres.new_database()
    configure(monkeypatch, tmp_path / "var", url)
    cli = make_cli(tmp_path, url, smtp.port, prefect_api, ISSUED)
    cli("init")
    tree = tmp_path / "cay.csv"
    tree.write_text("\n".join(TREE) + "\n", encoding="utf-8")
    cli("units", "import", str(tree))
    ref = cli.json("plan", "issue", str(plan_file(tmp_path)), "--issuer", "SNV", "--to", "descendants", "--yes")["ref"]
    for day in ("2026-12-10", "2026-12-14", "2026-12-16", "2026-12-16", "2026-12-21"):
        cli("watch", KEHOACH_NOW=f"{day}T07:00:00+07:00")
    assert kinds_to(smtp, UNITS["X2"]) == ["notice", "reminder", "reminder", "overdue"]
    assert kinds_to(smtp, ISSUER) == ["digest"]
    r = cli("watch", "--letter", ref, KEHOACH_NOW="2026-12-21T09:00:00+07:00")
    assert "Đã soạn Công văn đôn đốc 4 đơn vị quá hạn" in r.stdout


def only_plan_file(tmp_path: Path) -> Path:
    """A plan that asks only for each unit's own plan: once every unit's is accepted, it is complete."""
    spec = PlanSpec(
        so_ky_hieu="46/KH-SNV",
        parent_body="UBND TỈNH VĨNH LONG",
        issuer_body="SỞ NỘI VỤ",
        place="Vĩnh Long",
        issued_on=date(2026, 11, 20),
        subject="Triển khai Kế hoạch cải cách hành chính năm 2027",
        body=["Các đơn vị xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ trước ngày 15 tháng 12 năm 2026."],
        noi_nhan=["Các đơn vị trực thuộc;", "Lưu: VT."],
    )
    path = tmp_path / "ke-hoach-46.docx"
    path.write_bytes(plan_docx(spec))
    return path


@pytest.fixture
def served_deployments(sqlite_db: str, tmp_path: Path, smtp, prefect_api: str):
    """`python -m deployments.serve` against the harness, on a fixed working morning: the UI's run forms work."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.paths import REPO

    cli = make_cli(tmp_path, sqlite_db, smtp.port, prefect_api, "2026-12-14T09:00:00+07:00")
    ready = tmp_path / "ready.json"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "deployments.serve", "--ready-file", str(ready)],
        env=cli.env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        yield cli
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


async def test_review_from_the_run_form_and_the_automation_tells_the_supervisor(
    served_deployments, smtp, tmp_path: Path
) -> None:
    import asyncio

    from prefect.automations import Automation
    from prefect.deployments import run_deployment

    cli = served_deployments
    tree = tmp_path / "cay.csv"
    tree.write_text("\n".join(TREE) + "\n", encoding="utf-8")
    cli("units", "import", str(tree))
    ref = cli.json("plan", "issue", str(only_plan_file(tmp_path)), "--issuer", "SNV", "--to", "X1", "--yes")["ref"]
    cli("submit", ref, "--unit", "X1", str(unit_file(tmp_path, "kh-1.docx")))
    form = {"ref": ref, "unit": "X1", "by": "Chánh Văn phòng"}
    # what the UI's "Run" form posts: a flow run of the deployment with these parameters
    run = await run_deployment("review/review", parameters=form | {"decision": "return", "reason": "Thiếu phụ lục"})
    assert run.state.is_completed(), run.state
    assert "Lý do: Thiếu phụ lục" in text(last_to(smtp, UNITS["X1"], "returned"))
    cli("submit", ref, "--unit", "X1", str(unit_file(tmp_path, "kh-2.docx", n=2)))
    run = await run_deployment("review/review", parameters=form | {"decision": "accept"})
    assert run.state.is_completed(), run.state
    assert kinds_to(smtp, UNITS["X1"]) == ["notice", "receipt", "returned", "receipt", "accepted"]
    # the last obligation accepted: kehoach.plan.completed → the automation runs plan-completed → the supervisor
    assert (await Automation.aread(name="kehoach: báo lãnh đạo khi kế hoạch hoàn thành")).enabled
    for _ in range(180):
        if "plan_completed" in kinds_to(smtp, ISSUER):
            break
        await asyncio.sleep(1)
    done = text(last_to(smtp, ISSUER, "plan_completed"))
    assert "các đơn vị đã hoàn thành mọi việc Kế hoạch 46/KH-SNV yêu cầu: 1 bản phải nộp, 1 nộp đúng hạn" in done
    assert len(await read_events("kehoach.plan.completed", ref)) == 1
    st = cli.json("plan", "status", ref)
    assert st["units"][0]["state"] == "accepted" and st["units"][0]["review"] == "accepted"
