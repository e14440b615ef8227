"""Write the .docx templates: the Nghị định 30 layout, its named styles and «placeholders», in lean files.

    .venv/bin/python templates/build_templates.py

The templates are committed and are the stylesheet: a person may open one in Word or LibreOffice, restyle
it (fonts, sizes, spacing, the header and footer tables) and save it; tasks/render.py only puts text where
the «placeholders» stand and names these styles. Rerun this only to start the layout afresh.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
KINDS = ("ke_hoach", "bao_cao", "cong_van_don_doc", "thong_bao", "phieu_bien_nhan")
TITLES = {
    "ke_hoach": "Kế hoạch",
    "bao_cao": "Báo cáo",
    "cong_van_don_doc": "Công văn đôn đốc",
    "thong_bao": "Thông báo",
    "phieu_bien_nhan": "Phiếu biên nhận",
}
# Kinds sent upward or to named bodies: they carry "Kính gửi:" (a công văn always does).
KINH_GUI = {"bao_cao", "cong_van_don_doc"}
# A receipt cites nothing.
CAN_CU = {"ke_hoach", "bao_cao", "cong_van_don_doc", "thong_bao"}

C, L, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
# Column widths: 16.5 cm is the text width of A4 with 30 mm and 15 mm side margins.
HEAD_COLS, FOOT_COLS = (Cm(6.3), Cm(10.2)), (Cm(7.5), Cm(9.0))
# name: size pt, bold, italic, alignment, first-line indent cm, space before pt, space after pt
STYLES = {
    "KH Co quan chu quan": (13, False, False, C, 0, 0, 0),
    "KH Co quan ban hanh": (13, True, False, C, 0, 0, 0),
    "KH Gach ngang ngan": (4, False, False, C, 0, 3, 0),
    "KH So ky hieu": (13, False, False, C, 0, 2, 0),
    "KH Trich yeu cong van": (12, False, False, C, 0, 3, 0),
    "KH Quoc hieu": (13, True, False, C, 0, 0, 0),
    "KH Tieu ngu": (14, True, False, C, 0, 0, 0),
    "KH Gach ngang dai": (4, False, False, C, 0, 3, 0),
    "KH Dia danh ngay": (14, False, True, C, 0, 2, 0),
    "KH Loai van ban": (14, True, False, C, 0, 18, 0),
    "KH Trich yeu": (14, True, False, C, 0, 0, 0),
    "KH Gach ngang trich yeu": (4, False, False, C, 0, 3, 12),
    "KH Kinh gui": (14, False, False, C, 0, 12, 6),
    "KH Kinh gui dong": (14, False, False, L, 0, 0, 3),
    "KH Can cu": (14, False, True, J, 1.27, 0, 6),
    "KH Muc": (14, True, False, J, 1.27, 0, 6),
    "KH Noi dung": (14, False, False, J, 1.27, 0, 6),
    "KH Bang tieu de": (12, True, False, C, 0, 0, 0),
    "KH Bang": (12, False, False, L, 0, 0, 0),
    "KH Noi nhan tieu de": (12, True, True, L, 0, 6, 0),
    "KH Noi nhan": (11, False, False, L, 0, 0, 0),
    "KH Quyen han ky": (14, True, False, C, 0, 6, 0),
    "KH Chuc vu": (14, True, False, C, 0, 0, 0),
    "KH Nguoi ky": (14, True, False, C, 0, 66, 0),  # the space before is room for the signature and seal
}
TABLE_STYLE = "KH Bang luoi"
# Style names the build starts from and keeps; everything else of python-docx's default template goes.
KEEP = {"Normal", "Default Paragraph Font", "Normal Table", TABLE_STYLE, *STYLES}
DROP_PARTS = (
    "docProps/thumbnail.jpeg",
    "customXml/",
    "word/stylesWithEffects.xml",
    "word/webSettings.xml",
    "word/numbering.xml",
    "word/theme/",
)
RULE = '<w:pBdr {} ><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'


def _define_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    for name, (size, bold, italic, align, indent, before, after) in STYLES.items():
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style, st.quick_style = normal, True
        st.font.name, st.font.size, st.font.bold, st.font.italic = FONT, Pt(size), bold, italic
        pf = st.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Cm(indent) if indent else None
        pf.space_before, pf.space_after = Pt(before), Pt(after)
        pf.line_spacing = 1.1 if size >= 14 else 1.0
        pf.keep_together = True
    # The rules under the issuing body, the motto and the subject: an empty paragraph's top border, as long
    # as the width less the indents (a third of the body's name; the motto's own length; a third of a line).
    for name, side in (
        ("KH Gach ngang ngan", Cm(1.9)),
        ("KH Gach ngang dai", Cm(1.75)),
        ("KH Gach ngang trich yeu", Cm(6.0)),
    ):
        pf = doc.styles[name].paragraph_format
        pf.left_indent = pf.right_indent = side
        pf.line_spacing = Pt(5)
        # WordprocessingML fixes the order of a paragraph's properties: the border goes before these
        pf.element.get_or_add_pPr().insert_element_before(
            parse_xml(RULE.format(nsdecls("w"))), "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
        )
    doc.styles["KH Kinh gui dong"].paragraph_format.left_indent = Cm(3.5)
    grid = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    grid.base_style = doc.styles["Normal Table"]
    borders = "".join(
        f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for b in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid.element.append(parse_xml(f"<w:tblPr {nsdecls('w')}><w:tblBorders>{borders}</w:tblBorders></w:tblPr>"))


def _two_columns(doc, widths):
    table = doc.add_table(rows=1, cols=2)  # "Normal Table": no borders
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: set both
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
        col.cells[0].width = w
    return table.rows[0].cells


def _fill_cell(cell, lines: list[tuple[str, str]]) -> None:
    first = cell.paragraphs[0]  # a new cell holds one empty paragraph: it takes the first line
    first.text, first.style = lines[0]
    for text, style in lines[1:]:
        cell.add_paragraph(text, style=style)


def build(kind: str) -> bytes:
    """Return the lean template .docx of one kind."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    sec.header_distance = sec.footer_distance = Mm(10)
    _define_styles(doc)
    cong_van = kind == "cong_van_don_doc"
    # Header: bodies and number left, national name and motto, place and date right
    left, right = _two_columns(doc, HEAD_COLS)
    number = [("Số: «so_ky_hieu»", "KH So ky hieu")]
    if cong_van:
        number.append(("V/v «trich_yeu»", "KH Trich yeu cong van"))
    _fill_cell(
        left,
        [
            ("«co_quan_chu_quan»", "KH Co quan chu quan"),
            ("«co_quan_ban_hanh»", "KH Co quan ban hanh"),
            ("", "KH Gach ngang ngan"),
            *number,
        ],
    )
    _fill_cell(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KH Quoc hieu"),
            ("Độc lập - Tự do - Hạnh phúc", "KH Tieu ngu"),
            ("", "KH Gach ngang dai"),
            ("«dia_danh», «ngay»", "KH Dia danh ngay"),
        ],
    )
    # Type, subject, addressees, grounds, body
    if not cong_van:
        doc.add_paragraph("«loai_van_ban»", style="KH Loai van ban")
        doc.add_paragraph("«trich_yeu»", style="KH Trich yeu")
        doc.add_paragraph("", style="KH Gach ngang trich yeu")
    if kind in KINH_GUI:
        doc.add_paragraph("Kính gửi: «kinh_gui»", style="KH Kinh gui")
    if kind in CAN_CU:
        doc.add_paragraph("«can_cu»", style="KH Can cu")
    doc.add_paragraph("«noi_dung»", style="KH Noi dung")
    doc.add_paragraph("", style="KH Noi dung")  # keeps a body table apart from the footer table
    # Footer: Nơi nhận left, level with the signature right
    nn, sig = _two_columns(doc, FOOT_COLS)
    # Nơi nhận and the signature stay on one page: the row may not break across pages
    nn._tc.getparent().get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    _fill_cell(nn, [("Nơi nhận:", "KH Noi nhan tieu de"), ("«noi_nhan»", "KH Noi nhan")])
    _fill_cell(sig, [("«quyen_han_ky»", "KH Quyen han ky"), ("«chuc_vu»", "KH Chuc vu"), ("«nguoi_ky»", "KH Nguoi ky")])
    doc.core_properties.title = TITLES[kind]
    doc.core_properties.author = doc.core_properties.last_modified_by = "kehoach"
    doc.core_properties.revision = 1
    doc.core_properties.comments = "Mẫu văn bản theo Nghị định 30/2020/NĐ-CP, Phụ lục I"
    buf = io.BytesIO()
    doc.save(buf)
    return _lean(buf.getvalue())


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _lean_styles(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for latent in root.findall(qn("w:latentStyles")):
        root.remove(latent)
    for st in root.findall(qn("w:style")):
        name = st.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in KEEP:
            root.remove(st)
    # Defaults: Times New Roman rather than the theme's fonts, no 10 pt after every paragraph, Vietnamese
    rpr = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    spacing = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_refs(xml: bytes, attr: str, base: str) -> bytes:
    """Remove the relationships or content types that point at a dropped part."""
    root = etree.fromstring(xml)
    for el in list(root):
        target = el.get(attr) or ""
        # targets are relative to the part that owns the .rels file; content types are absolute
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        if part.startswith(DROP_PARTS):
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _lean(data: bytes) -> bytes:
    """Drop python-docx's unused styles, latent styles and parts: every save re-compresses far less."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            name = info.filename
            if name.startswith(DROP_PARTS):
                continue
            body = src.read(name)
            if name == "word/styles.xml":
                body = _lean_styles(body)
            elif name == "[Content_Types].xml":
                body = _drop_refs(body, "PartName", "")
            elif name.endswith(".rels"):
                body = _drop_refs(body, "Target", posixpath.dirname(posixpath.dirname(name)))
            z.writestr(name, body)
    return out.getvalue()


def main() -> None:
    """Write every template next to this script and print its size."""
    for kind in KINDS:
        path = HERE / f"{kind}.docx"
        path.write_bytes(build(kind))
        print(f"{path.name}: {path.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
