"""Our documents: Nghị định 30 layout measured in the .docx and the PDF, and read back field by field."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt

from tasks.reading.parse import read_document
from tasks.render import KINDS, STYLE_NAMES, TEMPLATES, RenderContext, Table, render_document
from tests.docbuild import to_pdf
from tests.paths import OUTPUT

TYPE = {"ke_hoach": "Kế hoạch", "bao_cao": "Báo cáo", "thong_bao": "Thông báo", "phieu_bien_nhan": "Phiếu biên nhận",
        "cong_van_don_doc": "Công văn"}  # fmt: skip


def context(kind: str) -> RenderContext:
    cong_van = kind == "cong_van_don_doc"
    return RenderContext(
        so_ky_hieu="125/UBND-NC" if cong_van else f"12/{'BC' if kind == 'bao_cao' else 'KH'}-UBND",
        co_quan_chu_quan="UBND TỈNH VĨNH LONG" if kind == "bao_cao" else "",
        co_quan_ban_hanh="Sở Nội vụ" if kind == "bao_cao" else "Ủy ban nhân dân tỉnh Vĩnh Long",
        dia_danh="Vĩnh Long",
        ngay=date(2027, 2, 5),
        loai_van_ban=TYPE[kind],
        trich_yeu="Đôn đốc gửi kế hoạch thực hiện Phong trào thi đua" if cong_van
        else "Kết quả thực hiện Phong trào thi đua “Văn hóa công sở” năm 2026",
        kinh_gui=["Ủy ban nhân dân các xã, phường"] if cong_van else [],
        can_cu=["Căn cứ Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long về tổ chức "
                "thực hiện"],
        body=["I. KẾT QUẢ", "Đến nay có 118/124 xã, phường đã gửi kế hoạch.",
              Table(["STT", "Đơn vị", "Tình trạng"],
                    [["1", "Xã Giao Long", "Chưa nộp"], ["2", "Phường An Hội", "Quá hạn"]])],
        noi_nhan=["Bộ Nội vụ (b/c)", "UBND các xã, phường"],
        luu="VT, NC",
        quyen_han_ky="KT. Chủ tịch" if kind != "phieu_bien_nhan" else None,
        chuc_vu="Phó Chủ tịch" if kind != "phieu_bien_nhan" else "Văn thư",
        nguoi_ky="Trần Thị Hoa",
    )  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_every_style_the_code_names_is_in_every_template(kind: str) -> None:
    names = {s.name for s in docx.Document(TEMPLATES / f"{kind}.docx").styles}
    assert set(STYLE_NAMES) <= names, set(STYLE_NAMES) - names
    assert (TEMPLATES / f"{kind}.docx").stat().st_size < 40_000  # lean: no 800 KB of default styles


@pytest.mark.parametrize("kind", KINDS)
def test_layout_in_the_docx(kind: str) -> None:
    d = docx.Document(io.BytesIO(render_document(kind, context(kind))))
    s = d.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)  # A4, in twips
    slack = Mm(0.1)
    assert Mm(20) - slack <= s.top_margin <= Mm(25) and Mm(20) - slack <= s.bottom_margin <= Mm(25)
    assert Mm(30) - slack <= s.left_margin <= Mm(35) and Mm(15) - slack <= s.right_margin <= Mm(20)
    sizes = {"KH Quoc hieu": (12, 13), "KH Tieu ngu": (13, 14), "KH Co quan ban hanh": (12, 13),
             "KH Loai van ban": (13, 14), "KH Noi dung": (13, 14), "KH Noi nhan tieu de": (12, 12),
             "KH Noi nhan": (11, 11)}  # fmt: skip
    for name, (lo, hi) in sizes.items():
        st = d.styles[name]
        assert st.font.name == "Times New Roman"
        assert Pt(lo) <= st.font.size <= Pt(hi), name
    assert d.styles["KH Quoc hieu"].font.bold and d.styles["KH Dia danh ngay"].font.italic
    assert d.styles["KH Noi nhan tieu de"].font.bold and d.styles["KH Noi nhan tieu de"].font.italic
    assert Mm(10) <= d.styles["KH Noi dung"].paragraph_format.first_line_indent <= Mm(12.7)
    assert d.styles["KH Noi dung"].paragraph_format.space_after >= Pt(6)
    text = "\n".join(p.text for p in d.paragraphs) + "".join(c.text for t in d.tables for c in t._cells)
    assert unicodedata.is_normalized("NFC", text)
    assert "ngày 05 tháng 02 năm 2027" in text


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_docx(kind: str) -> None:
    _check_round_trip(read_document(render_document(kind, context(kind))).to_json_dict(), kind)


def _check_round_trip(f: dict, kind: str) -> None:
    ctx = context(kind)
    assert f["so_ky_hieu"] == ctx.so_ky_hieu
    assert f["loai_van_ban"] == TYPE[kind]
    assert f["co_quan_ban_hanh"] == ctx.co_quan_ban_hanh.upper()
    assert (f["dia_danh"], f["ngay_ban_hanh"]) == ("Vĩnh Long", "2027-02-05")
    assert f["trich_yeu"] == ctx.trich_yeu
    assert f["can_cu"] == [
        {"so_ky_hieu": "120/KH-UBND", "ngay": "2026-11-20", "co_quan": "Ủy ban nhân dân tỉnh Vĩnh Long"}
    ]
    assert [(n["text"], n["role"]) for n in f["noi_nhan"]] == [
        ("Bộ Nội vụ (b/c);", "de_biet"), ("UBND các xã, phường;", "thuc_hien"), ("Lưu: VT, NC.", "luu")]  # fmt: skip
    assert f["nguoi_ky"] == "Trần Thị Hoa" and f["chuc_vu"] == ctx.chuc_vu.upper()
    assert f["quyen_han_ky"] == (ctx.quyen_han_ky.upper() if ctx.quyen_han_ky else None)
    assert not [w for w in f["warnings"] if "Quốc hiệu" in w or "lề" in w.lower() or "A4" in w]


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_through_libreoffice_pdf(kind: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = to_pdf(render_document(kind, context(kind)), tmp_path)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5  # A4
    _check_round_trip(read_document(pdf, "x.pdf").to_json_dict(), kind)


def test_rendered_plan_as_png_for_a_person(tmp_path: Path) -> None:
    exe = shutil.which("pdftoppm")
    assert exe, "pdftoppm is needed: apt-get install -y poppler-utils (make test does)"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    data = render_document("ke_hoach", context("ke_hoach"))
    (OUTPUT / "ke-hoach.docx").write_bytes(data)
    (OUTPUT / "ke-hoach.pdf").write_bytes(to_pdf(data, tmp_path))
    subprocess.run([exe, "-png", "-r", "80", "-f", "1", "-l", "1", str(OUTPUT / "ke-hoach.pdf"),
                    str(OUTPUT / "ke-hoach")], check=True)  # fmt: skip
    pngs = sorted(OUTPUT.glob("ke-hoach*.png"))
    assert pngs and pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert re.search(rb"IHDR", pngs[0].read_bytes()[:64])
