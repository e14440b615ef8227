"""Write the .docx templates: lean files whose named styles and page setup are the stylesheet (Nghị định 30).

    .venv/bin/python templates/build_templates.py

The templates are committed; a person may open and restyle them in Word or LibreOffice. Code only fills
content and applies these style names (tasks/render.py). Rerun this only to start the styles afresh.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
KINDS = {
    "ke_hoach": "Kế hoạch",
    "bao_cao": "Báo cáo",
    "cong_van_don_doc": "Công văn đôn đốc",
    "thong_bao": "Thông báo",
    "phieu_bien_nhan": "Phiếu biên nhận",
}
C, L, R, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
# name: (size pt, bold, italic, align, first-line indent cm, space after pt); capitals are typed by the code
STYLES = {
    "KH Co quan chu quan": (13, False, False, C, 0, 0),
    "KH Co quan ban hanh": (13, True, False, C, 0, 0),
    "KH So ky hieu": (13, False, False, C, 0, 0),
    "KH Trich yeu cong van": (12, False, False, C, 0, 0),
    "KH Quoc hieu": (12, True, False, C, 0, 0),
    "KH Tieu ngu": (14, True, False, C, 0, 0),
    "KH Gach ngang": (8, False, False, C, 0, 0),
    "KH Dia danh ngay": (14, False, True, C, 0, 0),
    "KH Loai van ban": (14, True, False, C, 0, 0),
    "KH Trich yeu": (14, True, False, C, 0, 6),
    "KH Kinh gui": (14, False, False, C, 0, 6),
    "KH Can cu": (14, False, True, J, 1.27, 6),
    "KH Muc": (14, True, False, J, 1.27, 6),
    "KH Noi dung": (14, False, False, J, 1.27, 6),
    "KH Bang": (12, False, False, L, 0, 0),
    "KH Noi nhan tieu de": (12, True, True, L, 0, 0),
    "KH Noi nhan": (11, False, False, L, 0, 0),
    "KH Quyen han ky": (14, True, False, C, 0, 0),
    "KH Chuc vu": (14, True, False, C, 0, 0),
    "KH Nguoi ky": (14, True, False, C, 0, 0),
}


def _font(style_font, size: float) -> None:  # noqa: ANN001
    style_font.name = "Times New Roman"
    style_font.size = Pt(size)
    rpr = style_font.element.get_or_add_rPr() if hasattr(style_font, "element") else None
    if rpr is not None:
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), "Times New Roman")


def build(kind: str) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    for name, (size, bold, italic, align, indent, after) in STYLES.items():
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.font.name = "Times New Roman"
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.italic = italic
        st.font.all_caps = False  # capitals are typed, so the text reads the same when extracted
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
        pf = st.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Cm(indent) if indent else None
        pf.space_before = Pt(12) if name == "KH Loai van ban" else Pt(0)
        pf.space_after = Pt(after)
        pf.line_spacing = 1.0 if size < 14 else 1.1
    doc.core_properties.title = KINDS[kind]
    doc.core_properties.author = "kehoach"
    buf = io.BytesIO()
    doc.save(buf)
    return _lean(buf.getvalue())


def _lean(data: bytes) -> bytes:
    """Drop the default template's unused styles and latent styles: saving re-compresses far less."""
    src = zipfile.ZipFile(io.BytesIO(data))
    keep = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid", *STYLES}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in ("word/styles.xml", "word/stylesWithEffects.xml"):
                text = body.decode("utf-8")
                text = re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", text, flags=re.S)

                def drop(m: re.Match) -> str:
                    name = re.search(r'<w:name w:val="([^"]+)"', m.group(0))
                    return m.group(0) if name and name.group(1) in keep else ""

                text = re.sub(r"<w:style [^>]*>.*?</w:style>", drop, text, flags=re.S)
                body = text.encode("utf-8")
            z.writestr(info, body)
    return out.getvalue()


def main() -> None:
    for kind in KINDS:
        path = HERE / f"{kind}.docx"
        path.write_bytes(build(kind))
        print(f"{path.name}: {path.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
