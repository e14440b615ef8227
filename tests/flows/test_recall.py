"""Recall through the CLI on a small tree from CSV: no link works afterwards, every recipient is told once, the
audit log says who and why, and every later step refuses the plan."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.cli_runner import make_cli, one_error
from tests.factories import PlanSpec, plan_docx

NOW = "2026-11-23T09:00:00+07:00"
UNITS = [
    ("SO", "Sở Nội vụ", "co_quan", "", "vanthu@sonoivu.example.vn"),
    ("P1", "Phòng Một", "co_quan", "SO", "p1@example.vn"),
    ("P2", "Phòng Hai", "co_quan", "SO", "p2@example.vn"),
    ("P3", "Phòng Ba", "co_quan", "SO", "p3@example.vn"),
    ("BC", "Báo Cơ Quan", "co_quan", "", "bao@example.vn"),
]


@pytest.fixture
def cli(sqlite_db: str, tmp_path: Path, smtp, prefect_api: str):
    c = make_cli(tmp_path, sqlite_db, smtp.port, prefect_api, NOW)
    csv = tmp_path / "don-vi.csv"
    csv.write_text(
        "code,name,kind,parent_code,email\n" + "\n".join(",".join(u) for u in UNITS) + "\n", encoding="utf-8"
    )
    c("units", "import", str(csv))
    return c


def test_recall_revokes_every_link_and_tells_each_recipient_once(cli, smtp, tmp_path: Path) -> None:
    from tasks.links import verify_link

    plan = tmp_path / "kh.docx"
    plan.write_bytes(
        plan_docx(
            PlanSpec(
                so_ky_hieu="12/KH-SNV",
                parent_body="UBND TỈNH VĨNH LONG",
                issuer_body="SỞ NỘI VỤ",
                place="Vĩnh Long",
                issued_on=date(2026, 11, 20),
                can_cu=[],
                noi_nhan=["Các phòng thuộc Sở;", "Báo chí (để đưa tin);", "Lưu: VT."],
                body=["Các phòng xây dựng kế hoạch, gửi về trước ngày 15 tháng 12 năm 2026."],
            )
        )
    )
    ref = cli.json("plan", "issue", str(plan), "--issuer", "SO", "--to", "children", "--yes")["ref"]
    links = [line.split("\t")[-1] for line in cli("plan", "links", ref).stdout.splitlines()]
    assert len(links) == 3 and all(verify_link(link.rsplit("/", 1)[1]).writable for link in links)
    report = tmp_path / "kh-p1.docx"
    report.write_bytes(plan_docx(PlanSpec(so_ky_hieu="01/KH-P1", issuer_body="PHÒNG MỘT")))
    cli("submit", ref, "--unit", "P1", str(report))
    before = len(smtp.collector.received)

    r = cli("plan", "recall", ref, "--reason", "Gửi nhầm bản chưa ký", "--by", "Nguyễn Văn Minh")
    assert "Đã thu hồi 12/KH-SNV" in r.stdout and "hủy 2 nghĩa vụ" in r.stdout
    # no link works afterwards, not even the one of the unit that had sent its plan
    assert not any(verify_link(link.rsplit("/", 1)[1]).valid for link in links)
    recalls = [r.message for r in smtp.collector.received[before:] if r.message["Subject"].startswith("Thu hồi")]
    to = sorted(m["To"].addresses[0].addr_spec for m in recalls)
    assert to == ["p1@example.vn", "p2@example.vn", "p3@example.vn"]  # every recipient, once
    assert "Gửi nhầm bản chưa ký" in recalls[0].get_body(("plain",)).get_content()
    status = cli.json("plan", "status", ref)
    assert status["status"] == "recalled"
    assert sorted(u["state"] for u in status["units"]) == ["cancelled", "cancelled", "submitted"]
    from models.audit import list_audit
    from models.db import session_scope

    with session_scope() as s:
        (entry,) = [a for a in list_audit(session=s, limit=1000) if a.action == "plan.recall"]
        assert (entry.actor, entry.reason, entry.from_state) == (
            "Nguyễn Văn Minh",
            "Gửi nhầm bản chưa ký",
            "dispatched",
        )
        assert sum(a.action == "obligation.cancel" for a in list_audit(session=s, limit=1000)) == 2

    # a recalled plan refuses every later step, and a second recall tells nobody again
    again = cli("plan", "recall", ref, "--reason", "lần nữa", "--by", "X", check=False)
    assert "đã bị thu hồi" in one_error(again)
    for args in (
        ("approve", ref, "--by", "Lãnh đạo"),
        ("plan", "resend", ref, "--unit", "P2"),
        ("submit", ref, "--unit", "P1", str(report)),
        ("extend", ref, "--unit", "P1", "--to", "2027-01-08", "--reason", "x"),
        ("plan", "issue", str(plan), "--issuer", "SO", "--yes"),
    ):
        assert one_error(cli(*args, check=False)), args
    assert len([r for r in smtp.collector.received if r.message["Subject"].startswith("Thu hồi")]) == 3
    assert re.search(r"Đã thu hồi", cli("plan", "list").stdout)
