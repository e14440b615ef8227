"""Reading plans built from the seed texts (../shared/seeds, skipped where absent): every header layout, NFD,
split runs, PDF; and what holds for any document (the JSON keys, missing fields, scans)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tasks.reading.parse import read_document
from tests.docbuild import SEEDS_MISSING, build_docx, fixture_doc, scan_like_pdf, seed_docx, seeds_available, to_pdf

needs_seeds = pytest.mark.skipif(not seeds_available(), reason=SEEDS_MISSING)

# Written by hand from reading the seeds, before running the reader on them.
EXPECTED = {
    "004": {
        "so_ky_hieu": "55/KH-UBND",
        "loai_van_ban": "Kế hoạch",
        "co_quan_ban_hanh": "Ủy ban nhân dân thị xã Duyên Hải",
        "dia_danh": "Duyên Hải",
        "ngay_ban_hanh": "2019-08-26",
        "trich_yeu": "Tổ chức thực hiện Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa "
        "công sở” giai đoạn 2019 -2025",
        "can_cu": [{"so_ky_hieu": "66/KH-UBND", "ngay": "2019-08-20", "co_quan": "Ủy ban nhân dân tỉnh Trà Vinh"}],
        "nguoi_ky": "Lê Vũ Phương",
        "chuc_vu": None,
        "quyen_han_ky": None,
    },
    "002": {
        "so_ky_hieu": "23/KH-MNTT",
        "loai_van_ban": "Kế hoạch",
        "co_quan_ban_hanh": "Trường Mầm non Tuổi Thơ",
        "dia_danh": "Quận 1",
        "ngay_ban_hanh": "2023-02-17",
        "trich_yeu": "Phát động phong trào thi đua “Dân vận khéo” năm 2023",
        "can_cu": [{"so_ky_hieu": "43/KH-UBND", "ngay": "2023-02-07", "co_quan": "Ủy ban nhân dân Quận 1"}],
        "noi_nhan": [],
        "nguoi_ky": None,
    },
    "000": {
        "so_ky_hieu": None,
        "loai_van_ban": "Kế hoạch",
        "co_quan_ban_hanh": "Đảng ủy xã Cổ Lũng",
        "ngay_ban_hanh": None,
        "can_cu": [{"so_ky_hieu": "320/QĐ-TTg", "ngay": "2022-03-08", "co_quan": "Thủ tướng Chính phủ"}],
        "quyen_han_ky": "TM. BAN THƯỜNG VỤ",
        "chuc_vu": "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "nguoi_ky": "Dương Công Đức",
    },
    "003": {
        "loai_van_ban": "Kế hoạch",
        "co_quan_ban_hanh": "Công đoàn Sở Nội vụ",
        "can_cu": [{"so_ky_hieu": "18/KH-CĐVC", "ngay": "2021-09-20", "co_quan": "Công đoàn Viên chức tỉnh"}],
        "quyen_han_ky": "TM. BAN THƯỜNG VỤ",
        "chuc_vu": "CHỦ TỊCH",
        "nguoi_ky": "Trịnh Xuân Long",
    },
}
NOI_NHAN = {
    "004": [("Ban thi đua, khen thưởng tỉnh;", "thuc_hien"), ("UBND các xã, phường;", "thuc_hien"), ("Lưu.", "luu")],
    "000": [("Các chi bộ trực thuộc xã", "thuc_hien"), ("Lưu Văn phòng Đảng ủy.", "luu")],
    "003": [("Các Công đoàn CSTV;", "thuc_hien"), ("Lưu: CDSNV.", "luu")],
}
DEADLINES = {
    "004": {("so_ket", None, 2022, None), ("tong_ket", None, 2025, None), ("periodic_report", None, None, "annual")},
    "002": {("submit_plan", "2023-02-23", 2023, None)},
    "000": {("periodic_report", None, None, "monthly")},
}


def _check(fields: dict, seed: str) -> None:
    for key, value in EXPECTED[seed].items():
        assert fields[key] == value, (seed, key, fields[key])
    got = [(n["text"], n["role"]) for n in fields["noi_nhan"]]
    for item in NOI_NHAN.get(seed, []):
        assert item in got, (seed, item, got)
    dl = {(d["kind"], d["date"], d["year"], d["period"]) for d in fields["deadlines"]}
    assert DEADLINES.get(seed, set()) <= dl, (seed, dl)
    for value in fields.values():
        if isinstance(value, str):
            assert unicodedata.is_normalized("NFC", value)
            assert "[bookmark" not in value and "**" not in value


@needs_seeds
@pytest.mark.parametrize("seed", sorted(EXPECTED))
@pytest.mark.parametrize("variant", ["table", "plain", "tabs", "nfd", "split"])
def test_seed_docx_fields(seed: str, variant: str) -> None:
    data = seed_docx(
        seed,
        header="table" if variant in ("nfd", "split") else variant,
        nfd=variant == "nfd",
        split_runs=variant == "split",
    )
    fields = read_document(data, f"{seed}.docx").to_json_dict()
    assert fields["has_text_layer"] is True
    _check(fields, seed)


def test_json_keys_are_exactly_the_contract() -> None:
    keys = set(read_document(build_docx(fixture_doc("ke_hoach_ubnd_thi_xa"))).to_json_dict())
    assert keys == {
        "so_ky_hieu",
        "loai_van_ban",
        "co_quan_ban_hanh",
        "dia_danh",
        "ngay_ban_hanh",
        "trich_yeu",
        "can_cu",
        "deadlines",
        "noi_nhan",
        "nguoi_ky",
        "chuc_vu",
        "quyen_han_ky",
        "has_text_layer",
        "warnings",
    }


def test_missing_fields_are_null_with_conformance_warnings() -> None:
    fields = read_document(build_docx(fixture_doc("ke_hoach_cong_doan"), header="none")).to_json_dict()
    assert fields["so_ky_hieu"] is None and fields["ngay_ban_hanh"] is None and fields["co_quan_ban_hanh"] is None
    text = " ".join(fields["warnings"])
    assert "số, ký hiệu" in text and "ngày ban hành" in text and "Quốc hiệu" in text


def test_date_not_in_legal_form_is_warned() -> None:
    from tests.factories import PlanSpec, plan_docx

    fields = read_document(plan_docx(PlanSpec())).to_json_dict()
    assert not any("số 0" in w for w in fields["warnings"])
    from datetime import date

    spec = PlanSpec(issued_on=date(2023, 2, 5), date_line="Duyên Hải, ngày 5 tháng 2 năm 2023")
    fields = read_document(plan_docx(spec)).to_json_dict()
    assert fields["ngay_ban_hanh"] == "2023-02-05"
    assert any("số 0" in w for w in fields["warnings"])


@needs_seeds
@pytest.mark.parametrize("seed", ["004", "002", "000"])
def test_seed_pdf_fields(seed: str, tmp_path: Path) -> None:
    pdf = to_pdf(seed_docx(seed), tmp_path)
    fields = read_document(pdf, f"{seed}.pdf").to_json_dict()
    assert fields["has_text_layer"] is True
    _check(fields, seed)


def test_scan_like_pdf_has_no_text_layer() -> None:
    fields = read_document(scan_like_pdf(), "scan.pdf").to_json_dict()
    assert fields["has_text_layer"] is False
    assert fields["so_ky_hieu"] is None and fields["noi_nhan"] == []
    assert any("bản quét" in w for w in fields["warnings"])
