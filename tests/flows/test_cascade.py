"""The cascade through the CLI on real units: a province plan, a ward's own plan căn cứ it, the ward's schools."""

from __future__ import annotations

import dataclasses
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
    spec = dataclasses.replace(spec, **changes)
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


def school_report(tmp_path: Path, code: str, name: str) -> Path:
    """A school's yearly report on the ward's plan, as its office writes it."""
    from tasks.render import RenderContext, render_document

    ctx = RenderContext(
        so_ky_hieu="03/BC-MN",
        co_quan_chu_quan="UBND PHƯỜNG PHÚ KHƯƠNG",
        co_quan_ban_hanh=name,
        dia_danh="Phú Khương",
        ngay=date(2026, 12, 1),
        loai_van_ban="Báo cáo",
        trich_yeu="Kết quả thực hiện Phong trào thi đua văn hóa công sở năm 2026",
        kinh_gui=["Ủy ban nhân dân phường Phú Khương"],
        can_cu=["Thực hiện Kế hoạch số 15/KH-UBND ngày 23/11/2026 của Ủy ban nhân dân phường Phú Khương"],
        body=[
            "I. KẾT QUẢ THỰC HIỆN",
            "Nhà trường tổ chức quán triệt cho 42 cán bộ, giáo viên, nhân viên; ban hành quy tắc ứng xử.",
            "II. PHƯƠNG HƯỚNG NĂM 2027",
            "Tiếp tục duy trì nề nếp, kỷ cương, văn hóa công sở trong nhà trường.",
        ],
        noi_nhan=["Như trên"],
        chuc_vu="Hiệu trưởng",
        nguoi_ky="Phạm Thị Lan",
    )
    path = tmp_path / f"bao-cao-{code}.docx"
    path.write_bytes(render_document("bao_cao", ctx))
    return path


def test_cascade_two_levels_on_real_units(cli, smtp, tmp_path: Path) -> None:
    # the province's plan to its 124 communes and wards
    province = cli.json("plan", "issue", str(province_plan(tmp_path)), "--issuer", "86", "--yes")
    assert province["status"] == "dispatched"
    assert ward_row(cli.json("plan", "status", province["ref"]))["state"] == "pending"
    # the ward issues its own plan căn cứ it: the province sees the ward's plan at once
    plan = str(ward_plan(tmp_path))
    preview = cli.json("plan", "issue", plan, "--issuer", WARD, "--to", "children", "--dry-run")
    assert [p["ref"] for p in preview["parents"]] == [province["ref"]]
    ward = cli.json("plan", "issue", plan, "--issuer", WARD, "--to", "children", "--yes")
    assert ward["status"] == "dispatched" and ward["obligations"] == 6  # 3 schools × (plan, 2026 report)
    (answer,) = ward["parents"]
    assert answer["ref"] == province["ref"] and answer["version"] == 1 and answer["on_time"]
    row = ward_row(cli.json("plan", "status", province["ref"]))
    assert row["state"] == "submitted" and row["timeliness"] == "on_time"
    again = cli.json("plan", "issue", plan, "--issuer", WARD, "--yes")  # a rerun resumes: no second version
    assert again["ref"] == ward["ref"] and again["parents"][0]["version"] == 1
    # the ward's plan reaches the schools imported from CSV; one sends its report, which is accepted
    inbox = smtp.collector.by_recipient()
    for school in ("pk-mn@example.vn", "pk-th@example.vn", "pk-thcs@example.vn"):
        assert any("15/KH-UBND" in m["Subject"] for m in inbox[school])
    cli("submit", ward["ref"], "--unit", "PK-MN", str(school_report(tmp_path, "PK-MN", SCHOOLS[0][1])))
    cli("review", ward["ref"], "--unit", "PK-MN", "--accept", "--by", "Văn phòng phường")
    school = ward_row(cli.json("plan", "status", ward["ref"]), "PK-MN", "periodic_report")
    assert school["state"] == "accepted"
    # the ward compiles its report: a Báo cáo căn cứ its own plan (and the province's)
    out = tmp_path / "bao-cao-phuong.docx"
    draft = cli.json("compile", ward["ref"], "--period", "2026", "--out", str(out))
    assert draft["groups"]["on_time"] == ["PK-MN"] and sorted(draft["groups"]["missing"]) == ["PK-TH", "PK-THCS"]
    assert draft["parents"] == [province["ref"]]
    read = cli.json("inspect", str(out))
    assert read["loai_van_ban"] == "Báo cáo" and read["co_quan_ban_hanh"] == "Ủy ban nhân dân phường Phú Khương"
    assert "15/KH-UBND" in [c["so_ky_hieu"] for c in read["can_cu"]]
    # signed, it goes up: the ward's 2026 report under the province's plan
    cli("submit", province["ref"], "--unit", WARD, str(out))
    assert ward_row(cli.json("plan", "status", province["ref"]), requirement="periodic_report")["state"] == "submitted"
    # the tree shows both levels
    tree = cli.json("plan", "tree", province["ref"])
    assert tree["depth"] == 1 and [lv["plans"] for lv in tree["levels"]] == [1, 1]
    (mine,) = [u for u in tree["units"] if u["code"] == WARD]
    assert mine["state"] == "submitted" and mine["plan"]["ref"] == ward["ref"]
    assert ("2026", "submitted") in [(r["period"], r["state"]) for r in mine["reports"]]
    (pk,) = [u for u in mine["plan"]["units"] if u["code"] == "PK-MN"]
    assert [(r["period"], r["state"]) for r in pk["reports"]] == [("2026", "accepted")]
    text = cli("plan", "tree", province["ref"]).stdout
    assert "15/KH-UBND" in text and "PK-MN" in text and "Theo cấp" in text


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
