"""The cascade through the CLI on real units: a province plan, a ward's own plan căn cứ it, the ward's schools."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.cli_runner import make_cli, one_error
from tests.factories import PlanSpec, plan_docx

NOW = "2026-11-23T09:00:00+07:00"
WARD = "28756"  # Phường Phú Khương, Vĩnh Long
SCHOOLS = [
    ("PK-MN", "Trường Mầm non Phú Khương", "truong"),
    ("PK-TH", "Trường Tiểu học Phú Khương", "truong"),
    ("PK-THCS", "Trường Trung học cơ sở Phú Khương", "truong"),
]


def province_plan(tmp_path: Path) -> Path:
    spec = PlanSpec(
        so_ky_hieu="120/KH-UBND",
        parent_body="",
        issuer_body="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
        place="Vĩnh Long",
        issued_on=date(2026, 11, 20),
        can_cu=[],
        noi_nhan=["Bộ Nội vụ (b/c);", "UBND các xã, phường;", "Lưu: VT, NC."],
        body=[
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Nâng cao ý thức, đạo đức công vụ, văn hóa công vụ của cán bộ, công chức, viên chức.",
            "II. TỔ CHỨC THỰC HIỆN",
            "Ủy ban nhân dân các xã, phường xây dựng kế hoạch, gửi về trước ngày 15 tháng 12 năm 2026; "
            "định kỳ hằng năm báo cáo kết quả thực hiện.",
        ],
    )
    path = tmp_path / "kh-tinh.docx"
    path.write_bytes(plan_docx(spec))
    return path


def ward_plan(tmp_path: Path, name: str = "kh-phuong.docx", number: str = "15/KH-UBND", **changes) -> Path:
    spec = PlanSpec(
        so_ky_hieu=number,
        parent_body="UBND TỈNH VĨNH LONG",
        issuer_body="ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
        place="Phú Khương",
        issued_on=date(2026, 11, 23),
        can_cu=[
            "Căn cứ Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long về tổ chức thực "
            "hiện Phong trào thi đua văn hóa công sở."
        ],
        subject="Thực hiện Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”",
        body=[
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Triển khai đến toàn thể cán bộ, công chức, viên chức trên địa bàn phường.",
            "II. TỔ CHỨC THỰC HIỆN",
            "Các trường học trên địa bàn xây dựng kế hoạch, gửi về trước ngày 04 tháng 12 năm 2026; "
            "định kỳ hằng năm báo cáo kết quả thực hiện.",
        ],
        noi_nhan=["UBND tỉnh (b/c);", "Các trường học trên địa bàn;", "Lưu: VT."],
        authority="TM. ỦY BAN NHÂN DÂN",
        title="CHỦ TỊCH",
        signer="Trần Thị Hoa",
    )
    for k, v in changes.items():
        setattr(spec, k, v)
    path = tmp_path / name
    path.write_bytes(plan_docx(spec))
    return path


@pytest.fixture
def cli(sqlite_db: str, tmp_path: Path, smtp, prefect_api: str):
    c = make_cli(tmp_path, sqlite_db, smtp.port, prefect_api, NOW)
    c("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn")
    csv = tmp_path / "truong.csv"
    rows = [f"{code},{name},{kind},{WARD},{code.lower()}@example.vn" for code, name, kind in SCHOOLS]
    csv.write_text("code,name,kind,parent_code,email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    c("units", "import", str(csv))
    return c


def ward_row(status: dict, code: str = WARD, requirement: str = "submit_plan") -> dict:
    return next(u for u in status["units"] if u["code"] == code and u["requirement"] == requirement)


def test_a_ward_plan_is_its_submission_to_the_province_at_once(cli, smtp, tmp_path: Path) -> None:
    province = cli.json("plan", "issue", str(province_plan(tmp_path)), "--issuer", "86", "--yes")
    assert province["status"] == "dispatched"
    assert ward_row(cli.json("plan", "status", province["ref"]))["state"] == "pending"
    plan = str(ward_plan(tmp_path))
    preview = cli.json("plan", "issue", plan, "--issuer", WARD, "--to", "children", "--dry-run")
    assert [p["ref"] for p in preview["parents"]] == [province["ref"]]
    ward = cli.json("plan", "issue", plan, "--issuer", WARD, "--to", "children", "--yes")
    assert ward["status"] == "dispatched" and ward["obligations"] == 6
    (answer,) = ward["parents"]
    assert answer["ref"] == province["ref"] and answer["version"] == 1 and answer["on_time"]
    row = ward_row(cli.json("plan", "status", province["ref"]))
    assert row["state"] == "submitted" and row["timeliness"] == "on_time"
    # a rerun resumes: no second version
    again = cli.json("plan", "issue", plan, "--issuer", WARD, "--yes")
    assert again["ref"] == ward["ref"]
    from models.audit import list_audit
    from models.db import session_scope

    with session_scope() as s:
        answered = [a for a in list_audit(session=s, limit=10_000) if a.action == "plan.answer_parent"]
    assert len(answered) == 1


def test_parent_named_when_the_can_cu_does_not(cli, smtp, tmp_path: Path) -> None:
    province = cli.json("plan", "issue", str(province_plan(tmp_path)), "--issuer", "86", "--yes")
    bare = ward_plan(tmp_path, "kh-khong-can-cu.docx", can_cu=[])
    r = cli("plan", "issue", str(bare), "--issuer", "PK-MN", "--parent", province["ref"], "--dry-run", check=False)
    assert "không giao" in one_error(r)
    r = cli("plan", "issue", str(bare), "--issuer", WARD, "--parent", "NOPE", "--yes", check=False)
    assert "không có kế hoạch" in one_error(r)
    assert cli.json("plan", "list") == [cli.json("plan", "list")[0]]  # nothing registered by the refusals
    ward = cli.json("plan", "issue", str(bare), "--issuer", WARD, "--to", "children", "--parent", province["ref"])
    assert ward["status"] == "awaiting_approval"
    assert ward_row(cli.json("plan", "status", province["ref"]))["state"] == "pending"  # not before it is issued
    cli("approve", ward["ref"], "--by", "Trần Thị Hoa")
    assert ward_row(cli.json("plan", "status", province["ref"]))["state"] == "submitted"
