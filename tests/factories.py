"""Test data: plan documents built as an office writes them (ND 30 layout), units, and plans in the database."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt


@dataclass
class PlanSpec:
    """What a test plan says; rendered to .docx the way a secretary lays it out in Word."""

    so_ky_hieu: str | None = "55/KH-UBND"
    parent_body: str = "UBND TỈNH TRÀ VINH"
    issuer_body: str = "ỦY BAN NHÂN DÂN THỊ XÃ DUYÊN HẢI"
    place: str = "Duyên Hải"
    issued_on: date | None = date(2019, 8, 26)
    subject: str = (
        "Tổ chức thực hiện Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” "
        "giai đoạn 2019 - 2025"
    )
    can_cu: list[str] = field(
        default_factory=lambda: [
            "Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của Ủy ban nhân dân tỉnh Trà Vinh về tổ chức thực hiện "
            "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” giai đoạn 2019 - 2025."
        ]
    )
    body: list[str] = field(
        default_factory=lambda: [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Nhằm tiếp tục nâng cao ý thức, đạo đức công vụ, văn hóa công vụ của cán bộ, công chức, viên chức.",
            "II. TỔ CHỨC THỰC HIỆN",
            "1. Căn cứ nội dung Kế hoạch này, các cơ quan, tổ chức, Ủy ban nhân dân các xã, phường xây dựng Kế hoạch "
            "phát động Phong trào thi đua và tổ chức thực hiện; "
            "định kỳ hàng năm báo cáo Ủy ban nhân dân thị xã để tổng hợp.",
            "2. Thời gian thực hiện:",
            "- Năm 2022: Sơ kết Phong trào thi đua.",
            "- Năm 2025: Tổng kết Phong trào thi đua.",
        ]
    )
    noi_nhan: list[str] = field(
        default_factory=lambda: [
            "Ban thi đua, khen thưởng tỉnh;",
            "TT. TXU, TT. HĐND thị xã;",
            "Các ban, ngành, đoàn thể thị xã;",
            "UBND các xã, phường;",
            "Lưu: VT.",
        ]
    )
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    title: str = "CHỦ TỊCH"
    signer: str = "Lê Vũ Phương"
    date_line: str | None = None  # the place-and-date line as typed, when a test needs it off the legal form


def _date_line(spec: PlanSpec) -> str:
    if spec.date_line:
        return spec.date_line
    d = spec.issued_on
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{spec.place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def plan_docx(spec: PlanSpec | None = None) -> bytes:
    """Return a plan as .docx bytes: header table, type and subject, căn cứ, body, Nơi nhận beside the signature."""
    spec = spec or PlanSpec()
    doc = Document()
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run(spec.parent_body)
    left.add_paragraph().add_run(spec.issuer_body).bold = True
    left.add_paragraph(f"Số: {spec.so_ky_hieu}" if spec.so_ky_hieu else "Số:      /KH-UBND")
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    if spec.issued_on:
        right.add_paragraph().add_run(_date_line(spec)).italic = True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KẾ HOẠCH").bold = True
    subj = doc.add_paragraph()
    subj.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subj.add_run(spec.subject).bold = True
    for line in spec.can_cu:
        doc.add_paragraph().add_run(line).italic = True
    for line in spec.body:
        doc.add_paragraph(line)
    foot = doc.add_table(rows=1, cols=2)
    nn, sig = foot.rows[0].cells
    run = nn.paragraphs[0].add_run("Nơi nhận:")
    run.bold = run.italic = True
    for line in spec.noi_nhan:
        p = nn.add_paragraph(f"- {line}")
        p.runs[0].font.size = Pt(11)
    sig.paragraphs[0].add_run(spec.authority).bold = True
    sig.add_paragraph().add_run(spec.title).bold = True
    sig.add_paragraph()
    sig.add_paragraph().add_run(spec.signer).bold = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
