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


@dataclass
class PlanInDb:
    """A dispatched plan in the database: its issuer, units, obligations (one per unit) and queued notices."""

    document_id: int
    ref: str
    issuer_id: int
    unit_codes: list[str]
    obligation_ids: list[int]


def make_plan_in_db(
    n_units: int = 3,
    *,
    due: date = date(2026, 12, 15),
    unit_names: list[str] | None = None,
    issuer_code: str = "DH",
    so_ky_hieu: str = "55/KH-UBND",
    parents: dict[int, int] | None = None,
    requirements: list[dict] | None = None,
    issued_on: date = date(2026, 11, 20),
) -> PlanInDb:
    """Register and dispatch a plan to `n_units` wards (one obligation each, a notice with its link queued).

    `parents` puts unit i under unit j ({i: j}) instead of under the issuer: a deeper level of the tree.
    `requirements` adds requirements beside the unit's plan (dicts of Requirement fields: kind, period_kind,
    due_rule, first_period, title), each for every unit.
    """
    from kehoach import clock
    from models.db import session_scope
    from models.documents import Document, DocumentRecipient, Requirement, RequirementTarget
    from models.obligations import list_obligations
    from models.org import Unit, get_unit_by_code
    from tasks.plans.dispatch import open_obligations_and_queue
    from tasks.storage import store_file

    now = clock.now()
    data = plan_docx(PlanSpec(so_ky_hieu=so_ky_hieu))
    sha = store_file(data, "docx")
    names = unit_names or [f"Phường Số {i + 1}" for i in range(n_units)]
    with session_scope() as s:
        issuer = get_unit_by_code(session=s, code=issuer_code)
        if issuer is None:
            issuer = Unit(code=issuer_code, name="Ủy ban nhân dân thị xã Duyên Hải", kind="huyen")
            issuer.emails = "vanthu@duyenhai.gov.vn"
            s.add(issuer)
            s.flush()
        units = []
        for i, name in enumerate(names):
            code = f"{issuer_code}{i + 1:04d}"
            unit = get_unit_by_code(session=s, code=code)
            if unit is None:
                unit = Unit(code=code, name=name, kind="xa", parent_id=issuer.id, emails=f"{code.lower()}@example.vn")
                s.add(unit)
            units.append(unit)
        s.flush()
        for i, j in (parents or {}).items():
            units[i].parent_id, units[i].kind = units[j].id, "truong"
        s.flush()
        doc = Document(
            so_ky_hieu=so_ky_hieu,
            subject="Tổ chức thực hiện Phong trào thi đua “Văn hóa công sở” giai đoạn 2019 - 2025",
            issuer_id=issuer.id,
            year=2026,
            issued_on=issued_on,
            status="approved",
            file_sha256=sha,
            file_ext="docx",
            file_name=f"Kế hoạch {so_ky_hieu.split('/')[0]}.docx",
            created_at=now,
        )
        s.add(doc)
        s.flush()
        req = Requirement(document_id=doc.id, kind="submit_plan", due_rule=f"fixed:{due.isoformat()}")
        req.title = "Xây dựng kế hoạch thực hiện"
        s.add(req)
        s.flush()
        s.add_all([RequirementTarget(requirement_id=req.id, unit_id=u.id) for u in units])
        for extra in requirements or []:
            more = Requirement(document_id=doc.id, **extra)
            s.add(more)
            s.flush()
            s.add_all([RequirementTarget(requirement_id=more.id, unit_id=u.id) for u in units])
        s.add_all([DocumentRecipient(document_id=doc.id, unit_id=u.id, role="thuc_hien") for u in units])
        doc_id, ref, issuer_id, codes = doc.id, doc.ref, issuer.id, [u.code for u in units]
    open_obligations_and_queue.fn(doc_id, "kiểm thử")
    with session_scope() as s:
        by_unit = {o.unit_id: o.id for o in list_obligations(session=s, document_id=doc_id)}
        ids = [by_unit[get_unit_by_code(session=s, code=c).id] for c in codes]
    return PlanInDb(doc_id, ref, issuer_id, codes, ids)
