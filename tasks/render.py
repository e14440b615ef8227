"""Render our documents (Kế hoạch, Báo cáo, Công văn đôn đốc, Thông báo, Phiếu biên nhận) from the templates.

Formatting lives in templates/*.docx; this fills content and applies the templates' style names.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.shared import Cm

from kehoach.clock import vn_date_long

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
KINDS = ("ke_hoach", "bao_cao", "cong_van_don_doc", "thong_bao", "phieu_bien_nhan")
STYLE_NAMES = (
    "KH Co quan chu quan", "KH Co quan ban hanh", "KH So ky hieu", "KH Trich yeu cong van", "KH Quoc hieu",
    "KH Tieu ngu", "KH Gach ngang", "KH Dia danh ngay", "KH Loai van ban", "KH Trich yeu", "KH Kinh gui",
    "KH Can cu", "KH Muc", "KH Noi dung", "KH Bang", "KH Noi nhan tieu de", "KH Noi nhan", "KH Quyen han ky",
    "KH Chuc vu", "KH Nguoi ky", "Table Grid",
)  # fmt: skip
HEADING = re.compile(r"^([IVX]+\.|\d+\.|[a-zđ]\))\s")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class RenderContext:
    so_ky_hieu: str | None
    co_quan_ban_hanh: str
    dia_danh: str
    ngay: date
    loai_van_ban: str  # "Kế hoạch", "Báo cáo", "Thông báo", "Phiếu biên nhận"; "Công văn" has no type line
    trich_yeu: str
    nguoi_ky: str
    chuc_vu: str
    quyen_han_ky: str | None = None  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    co_quan_chu_quan: str = ""
    kinh_gui: list[str] = field(default_factory=list)
    can_cu: list[str] = field(default_factory=list)
    body: list[str | Table] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=list)
    luu: str = "VT"


@lru_cache(maxsize=8)
def _template(kind: str) -> bytes:
    return (TEMPLATES / f"{kind}.docx").read_bytes()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _noi_nhan_lines(ctx: RenderContext) -> list[str]:
    lines = [f"- {_nfc(x).strip().rstrip(';.,')};" for x in ctx.noi_nhan]
    lines.append(f"- Lưu: {ctx.luu}.")
    return lines


def _can_cu_lines(items: list[str]) -> list[str]:
    out = []
    for i, line in enumerate(items):
        text = _nfc(line).strip().rstrip(";.,")
        out.append(text + ("." if i == len(items) - 1 else ";"))
    return out


def _widths(table, *widths) -> None:  # noqa: ANN001
    # Word reads the cells' widths, LibreOffice the grid's: set both
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
        for cell in col.cells:
            cell.width = w


def render_document(kind: str, ctx: RenderContext) -> bytes:
    """Return the .docx bytes of a document of `kind`, laid out as Nghị định 30 asks."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    doc = Document(io.BytesIO(_template(kind)))
    cong_van = kind == "cong_van_don_doc"
    # Header: issuing body and number left, national motto and place-date right
    head = doc.add_table(rows=1, cols=2)
    _widths(head, Cm(6.3), Cm(10.2))
    left, right = head.rows[0].cells
    first = left.paragraphs[0]
    if ctx.co_quan_chu_quan:
        first.text = _nfc(ctx.co_quan_chu_quan).upper()
        first.style = "KH Co quan chu quan"
        left.add_paragraph(_nfc(ctx.co_quan_ban_hanh).upper(), style="KH Co quan ban hanh")
    else:
        first.text = _nfc(ctx.co_quan_ban_hanh).upper()
        first.style = "KH Co quan ban hanh"
    left.add_paragraph("―――――", style="KH Gach ngang")
    left.add_paragraph(f"Số: {ctx.so_ky_hieu}" if ctx.so_ky_hieu else "Số:       /", style="KH So ky hieu")
    if cong_van:
        left.add_paragraph(f"V/v {_nfc(ctx.trich_yeu)}", style="KH Trich yeu cong van")
    q = right.paragraphs[0]
    q.text, q.style = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KH Quoc hieu"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc", style="KH Tieu ngu")
    right.add_paragraph("―――――――――――", style="KH Gach ngang")
    right.add_paragraph(f"{_nfc(ctx.dia_danh)}, {vn_date_long(ctx.ngay)}", style="KH Dia danh ngay")
    # Type and subject
    if not cong_van:
        doc.add_paragraph(_nfc(ctx.loai_van_ban).upper(), style="KH Loai van ban")
        doc.add_paragraph(_nfc(ctx.trich_yeu), style="KH Trich yeu")
    if ctx.kinh_gui:
        gui = [_nfc(x) for x in ctx.kinh_gui]
        doc.add_paragraph("Kính gửi: " + (gui[0] if len(gui) == 1 else ""), style="KH Kinh gui")
        if len(gui) > 1:
            for x in gui:
                doc.add_paragraph(f"- {x};", style="KH Kinh gui")
    for line in _can_cu_lines(ctx.can_cu):
        doc.add_paragraph(line, style="KH Can cu")
    for block in ctx.body:
        if isinstance(block, Table):
            t = doc.add_table(rows=1, cols=len(block.header))
            t.style = doc.styles["Table Grid"]
            for cell, text in zip(t.rows[0].cells, block.header, strict=True):
                cell.paragraphs[0].text, cell.paragraphs[0].style = _nfc(text), "KH Bang"
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                cells = t.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.paragraphs[0].text, cell.paragraphs[0].style = _nfc(str(text)), "KH Bang"
            doc.add_paragraph("", style="KH Noi dung")
        else:
            text = _nfc(block)
            doc.add_paragraph(text, style="KH Muc" if HEADING.match(text) and len(text) < 120 else "KH Noi dung")
    # Nơi nhận beside the signature
    foot = doc.add_table(rows=1, cols=2)
    _widths(foot, Cm(7.5), Cm(8.5))
    nn, sig = foot.rows[0].cells
    nn.paragraphs[0].text, nn.paragraphs[0].style = "Nơi nhận:", "KH Noi nhan tieu de"
    for line in _noi_nhan_lines(ctx):
        nn.add_paragraph(line, style="KH Noi nhan")
    p = sig.paragraphs[0]
    if ctx.quyen_han_ky:
        p.text, p.style = _nfc(ctx.quyen_han_ky).upper(), "KH Quyen han ky"
        sig.add_paragraph(_nfc(ctx.chuc_vu).upper(), style="KH Chuc vu")
    else:
        p.text, p.style = _nfc(ctx.chuc_vu).upper(), "KH Chuc vu"
    for _ in range(3):
        sig.add_paragraph("", style="KH Nguoi ky")  # room for the signature and seal
    sig.add_paragraph(_nfc(ctx.nguoi_ky), style="KH Nguoi ky")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_to_file(kind: str, ctx: RenderContext, out_name: str) -> Path:
    """Render and write under the data dir's out/ with a readable name; return the path."""
    from kehoach.settings import get_settings

    path = get_settings().out_dir / out_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_document(kind, ctx))
    return path
