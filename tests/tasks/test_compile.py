"""Compile a plan's period: every unit in its group, each unit's sections quoted, every file in the annex; the draft
opens in LibreOffice (its pages kept as PNG in tests/output/compile to look at) and reads back as a Báo cáo."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.docbuild import to_pdf
from tests.factories import make_plan_in_db
from tests.paths import OUTPUT

NAMES = ["Phường Đúng Hạn", "Phường Trễ Hạn", "Phường Bị Trả", "Phường Nộp Lại", "Phường Chưa Nộp", "Phường Được Miễn"]


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Move the clock."""
    from kehoach.settings import get_settings

    monkeypatch.setenv("KEHOACH_NOW", when)
    get_settings.cache_clear()


def unit_plan(name: str, number: str) -> bytes:
    """A unit's own plan, in the ND 30 layout, with two sections."""
    from tasks.render import RenderContext, render_document

    return render_document(
        "ke_hoach",
        RenderContext(
            so_ky_hieu=number,
            co_quan_ban_hanh=f"Ủy ban nhân dân {name.lower()}",
            dia_danh=name,
            ngay=date(2026, 11, 30),
            trich_yeu="Thực hiện Phong trào thi đua văn hóa công sở",
            can_cu=["Căn cứ Kế hoạch số 55/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân thị xã Duyên Hải"],
            body=[
                "I. MỤC ĐÍCH, YÊU CẦU",
                f"{name} quán triệt đến toàn thể cán bộ, công chức; xây dựng nội quy văn hóa công sở. " * 6,
                "II. TỔ CHỨC THỰC HIỆN",
                "Văn phòng theo dõi, tổng hợp, báo cáo kết quả hằng năm.",
            ],
            noi_nhan=["UBND thị xã (b/c)"],
            chuc_vu="Chủ tịch",
            nguoi_ky="Nguyễn Văn Bình",
        ),
    )


def test_each_unit_lands_in_its_group_and_the_draft_opens(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach.settings import get_settings
    from tasks.compile_report import draft_report
    from tasks.followup.review import review_submission
    from tasks.obligations import change_obligation
    from tasks.reading.parse import read_document
    from tasks.submissions import record_submission

    plan = make_plan_in_db(6, unit_names=NAMES)  # each unit's plan due 15/12/2026
    on_time, late, returned, again, missing, exempt = plan.unit_codes
    shas = []

    def send(code: str, number: str) -> None:
        data = unit_plan(NAMES[plan.unit_codes.index(code)], number)
        shas.append(record_submission.fn(plan.document_id, code, data, f"kh-{code}.docx", "email", "văn thư")["sha256"])

    at(monkeypatch, "2026-12-01T09:00:00+07:00")
    send(on_time, "05/KH-UBND")
    review_submission.fn(plan.document_id, on_time, True, "Chuyên viên A")
    send(returned, "06/KH-UBND")
    review_submission.fn(plan.document_id, returned, False, "Chuyên viên A", "Thiếu chữ ký")
    send(again, "07/KH-UBND")
    review_submission.fn(plan.document_id, again, False, "Chuyên viên A", "Thiếu nội dung")
    change_obligation.fn(plan.obligation_ids[5], "exempt", "Đơn vị giải thể", "Lãnh đạo")
    at(monkeypatch, "2026-12-10T09:00:00+07:00")
    send(again, "08/KH-UBND")
    at(monkeypatch, "2026-12-18T09:00:00+07:00")
    send(late, "09/KH-UBND")
    at(monkeypatch, "2026-12-28T09:00:00+07:00")

    draft = draft_report.fn(plan.document_id)
    assert draft["groups"] == {
        "on_time": [on_time, again],
        "late": [late],
        "returned": [returned],
        "missing": [missing],
        "closed": [exempt],
    }
    assert draft["files"] == 5 and draft["requirement"] == "submit_plan" and draft["period"] is None
    path = Path(draft["path"])
    assert path.parent == get_settings().out_dir
    data = path.read_bytes()
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert set(re.findall(r"[0-9a-f]{64}", xml)) == set(shas)  # every version, the returned ones too
    assert "Thiếu chữ ký" in xml and "Phường Đúng Hạn quán triệt" in xml and "I. MỤC ĐÍCH, YÊU CẦU" in xml
    fields = read_document(data, path.name).to_json_dict()
    assert fields["loai_van_ban"] == "Báo cáo"
    assert [c["so_ky_hieu"] for c in fields["can_cu"]] == ["55/KH-UBND"]
    assert fields["trich_yeu"].startswith("Tổng hợp kết quả xây dựng kế hoạch")

    # LibreOffice opens it: A4 pages, the annex on a page of its own; the pages kept to be looked at
    out = OUTPUT / "compile"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    pdf = to_pdf(data, out)
    (out / "bao-cao.docx").write_bytes(data)
    (out / "bao-cao.pdf").write_bytes(pdf)
    exe = shutil.which("pdftoppm")
    assert exe, "pdftoppm is needed: apt-get install -y poppler-utils (make test does)"
    subprocess.run([exe, "-png", "-r", "80", str(out / "bao-cao.pdf"), str(out / "trang")], check=True)
    pages = sorted(out.glob("trang*.png"))
    assert len(pages) >= 3
    from pypdf import PdfReader

    reader = PdfReader(out / "bao-cao.pdf")
    assert all(abs(float(p.mediabox.width) - 595.3) <= 1 for p in reader.pages)
    assert "PHỤ LỤC" in reader.pages[-1].extract_text() and "PHỤ LỤC" not in reader.pages[-2].extract_text()


def test_compile_refuses_what_the_plan_does_not_ask(sqlite_db: str) -> None:
    from kehoach.errors import KehoachError
    from tasks.compile_report import draft_report

    plan = make_plan_in_db(2)
    with pytest.raises(KehoachError, match="không có nghĩa vụ nào để tổng hợp kỳ 2026"):
        draft_report.fn(plan.document_id, "2026")
    with pytest.raises(KehoachError, match="không hợp lệ"):
        draft_report.fn(plan.document_id, "2026-13")
    with pytest.raises(KehoachError, match="loại báo cáo"):
        draft_report.fn(plan.document_id, None, "bao_cao")


def test_registers_list_what_was_sent_and_received(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.db import session_scope
    from models.documents import get_document
    from tasks.registers import office_registers, register_rows
    from tasks.submissions import record_submission

    plan = make_plan_in_db(3)
    with session_scope() as s:
        get_document(session=s, document_id=plan.document_id).status = "dispatched"
    at(monkeypatch, "2026-12-01T09:00:00+07:00")
    for code in plan.unit_codes[:2]:
        record_submission.fn(plan.document_id, code, unit_plan("Phường Số 1", "05/KH-UBND"), "kh.docx", "email", "vt")
    (office,) = office_registers(2026)
    assert office["code"] == "DH"
    (sent,) = office["sent"]
    assert sent["so_ky_hieu"] == "55/KH-UBND" and "Phường Số 1" in sent["noi_nhan"]
    assert [r["so_den"] for r in office["received"]] == ["1/2026", "2/2026"]
    assert office["received"][0]["so_ky_hieu"] == "05/KH-UBND" and office["received"][0]["kenh"] == "Thư điện tử"
    (ward,) = office_registers(2026, plan.unit_codes[0])
    assert [r["ghi_chu"] for r in ward["sent"]] == [
        "Gửi lên lần 1: số đến 1/2026 của Ủy ban nhân dân thị xã Duyên Hải, theo 55/KH-UBND"
    ]
    sent_rows, received_rows = register_rows([office])
    assert len(sent_rows) == 1 and len(received_rows) == 2
    assert office_registers(2025)[0]["received"] == []
