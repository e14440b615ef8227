"""Read the fields of a Vietnamese administrative document (Nghị định 30 layout) from .docx or .pdf.

Lines come from `lines` (.docx) and `pdf_layout` (PDF), each with where it sits on the page; the header, the
căn cứ, the deadlines, the Nơi nhận and the signature are each read by their own module.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from tasks.reading.cancu import read_can_cu
from tasks.reading.header import read_header
from tasks.reading.lines import Line, docx_lines
from tasks.reading.patterns import ORG_MOTTO, QUOC_HIEU, TIEU_NGU, is_caps
from tasks.reading.pdf_layout import pdf_lines
from tasks.reading.recipients import read_noi_nhan
from tasks.reading.safety import FileRejected, check_file
from tasks.reading.signature import read_signature
from tasks.reading.vndates import extract_deadlines


@dataclass
class DocumentFields:
    so_ky_hieu: str | None = None
    loai_van_ban: str | None = None
    co_quan_ban_hanh: str | None = None
    dia_danh: str | None = None
    ngay_ban_hanh: str | None = None
    trich_yeu: str | None = None
    can_cu: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    noi_nhan: list[dict] = field(default_factory=list)
    nguoi_ky: str | None = None
    chuc_vu: str | None = None
    quyen_han_ky: str | None = None
    has_text_layer: bool = True
    warnings: list[str] = field(default_factory=list)
    co_quan_chu_quan: str | None = None
    file_kind: str | None = None  # "docx" or "pdf", as the content shows (never the file's name)

    def to_json_dict(self) -> dict:
        """Return exactly the keys `kehoach inspect --json` prints."""
        d = asdict(self)
        d.pop("co_quan_chu_quan")
        d.pop("file_kind")
        return d


# "ỦY BAN NHÂN DÂN TỈNH SƠN LA -------", "… Độc lập - Tự do - Hạnh phúc ---------------": a header cell flattened
# onto one line, the separator under its name kept at the line's end
GLUED_SEPARATOR = re.compile(r"^(?P<text>.*\S)\s+(?P<sep>[-–—_=*]{3,})$")


def _separators_apart(lines: list[Line]) -> list[Line]:
    """Return the lines with a header line's glued separator set on a line of its own, as it stands on the page."""
    out: list[Line] = []
    for k, ln in enumerate(lines):
        head = ln.zone.startswith("head") or ln.zone == "body" and k < 10
        m = GLUED_SEPARATOR.match(ln.text) if head else None
        if m and (is_caps(m["text"]) or TIEU_NGU.search(m["text"])):
            out += [replace(ln, text=m["text"]), replace(ln, text=m["sep"])]
        else:
            out.append(ln)
    return out


def extract(lines: list[Line], fields: DocumentFields) -> DocumentFields:
    """Fill the fields from the document's lines."""
    lines = _separators_apart(lines)
    h = read_header(lines)
    fields.so_ky_hieu, fields.loai_van_ban, fields.trich_yeu = h.so_ky_hieu, h.loai_van_ban, h.trich_yeu
    fields.co_quan_ban_hanh, fields.co_quan_chu_quan = h.co_quan_ban_hanh, h.co_quan_chu_quan
    fields.dia_danh, fields.ngay_ban_hanh = h.dia_danh, h.ngay_ban_hanh
    if h.date_warning and h.ngay_ban_hanh:
        fields.warnings.append(h.date_warning)
    fields.can_cu = read_can_cu(lines, h.body_start)
    # "tail": what follows the signature, an attached plan or appendix that states its own deadlines (a PDF whose
    # signature has no footer columns reads it as body already)
    body = [ln.text for ln in lines[h.body_start :] if ln.zone in ("body", "table", "tail")]
    issued = date.fromisoformat(h.ngay_ban_hanh) if h.ngay_ban_hanh else None
    fields.deadlines = extract_deadlines(body, issued)
    fields.noi_nhan = read_noi_nhan(lines)
    sig = read_signature(lines)
    fields.quyen_han_ky, fields.chuc_vu, fields.nguoi_ky = sig.quyen_han_ky, sig.chuc_vu, sig.nguoi_ky
    # Conformance
    if not fields.so_ky_hieu:
        fields.warnings.append("Thiếu số, ký hiệu văn bản (“Số: …/KH-…”).")
    if not fields.ngay_ban_hanh:
        fields.warnings.append("Thiếu địa danh và ngày ban hành.")
    if not fields.noi_nhan:
        fields.warnings.append("Thiếu “Nơi nhận”.")
    # a party's or the Youth Union's document carries its own motto there instead, as its rules ask
    if not any(QUOC_HIEU.search(ln.text) or ORG_MOTTO.match(ln.text) for ln in lines[:20]):
        fields.warnings.append("Thiếu Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”.")
    return fields


# Entry point


def read_document(data: bytes, filename: str | None = None, *, max_bytes: int | None = None) -> DocumentFields:
    """Check a file and read its fields; raise FileRejected for a file that must not be read."""
    check = check_file(data, filename, max_bytes=max_bytes)
    check.raise_if_bad()
    fields = DocumentFields(file_kind=check.kind)
    if check.kind == "pdf":
        lines, has_text = pdf_lines(data)
        if not has_text:
            fields.has_text_layer = False
            fields.warnings.append(
                "PDF không có lớp chữ (bản quét): không đọc được nội dung, cần bản có lớp chữ hoặc .docx."
            )
            return fields
    else:
        try:
            lines, layout = docx_lines(data)
        except Exception as exc:  # python-docx raises many kinds on broken parts
            raise FileRejected(
                "truncated", "Tệp Word bị hỏng, không đọc được nội dung. Hãy lưu lại rồi gửi lại."
            ) from exc
        fields.warnings.extend(layout)
        if not lines:
            fields.warnings.append(
                "Tệp Word không có chữ nào đọc được (trống, hoặc chỉ có hình ảnh): hãy gửi bản có nội dung chữ."
            )
    return extract(lines, fields)
