"""Our documents: Nghị định 30 layout measured in the templates, the .docx XML and LibreOffice's PDF; the
templates as the stylesheet; what the renderer writes (dates, lists, NFC) and what it refuses."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Cm, Pt
from lxml import etree

from tasks import render
from tasks.render import KINDS, STYLE_NAMES, TEMPLATES, RenderContext, Table, render_document, render_to_file
from tests.paths import OUTPUT
from tests.tasks.render_cases import CASES, libreoffice_pdfs, rendered

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4
# Nghị định 30, Phụ lục I: size range in pt, bold, italic — of each style that carries a part it names
ND30 = {
    "KH Co quan chu quan": ((12, 13), False, False),
    "KH Co quan ban hanh": ((12, 13), True, False),
    "KH So ky hieu": ((13, 13), False, False),
    "KH Quoc hieu": ((12, 13), True, False),
    "KH Tieu ngu": ((13, 14), True, False),
    "KH Dia danh ngay": ((13, 14), False, True),
    "KH Loai van ban": ((13, 14), True, False),
    "KH Trich yeu": ((13, 14), True, False),
    "KH Trich yeu cong van": ((12, 13), False, False),
    "KH Can cu": ((13, 14), False, True),
    "KH Noi dung": ((13, 14), False, False),
    "KH Noi nhan tieu de": ((12, 12), True, True),
    "KH Noi nhan": ((11, 11), False, False),
    "KH Quyen han ky": ((13, 14), True, False),
    "KH Chuc vu": ((13, 14), True, False),
    "KH Nguoi ky": ((13, 14), True, False),
}


def _document_xml(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    """Return (style name, text) of every paragraph, tables included, in document order."""
    d = docx.Document(io.BytesIO(data))
    names = {s.style_id: s.name for s in d.styles}
    out = []
    for p in _document_xml(data).iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append((names.get(style.get(f"{W}val")) if style is not None else "Normal", "".join(p.itertext(f"{W}t"))))
    return out


def _texts(data: bytes, style: str) -> list[str]:
    return [t for s, t in _paragraphs(data) if s == style]


# The templates are the stylesheet


@pytest.mark.parametrize("kind", KINDS)
def test_every_style_the_code_or_template_names_is_in_every_template(kind: str) -> None:
    path = TEMPLATES / f"{kind}.docx"
    d = docx.Document(path)
    names = {s.name for s in d.styles}
    assert set(STYLE_NAMES) <= names, f"{path.name} lacks {set(STYLE_NAMES) - names}"
    ids = {s.style_id for s in d.styles}
    used = {el.get(f"{W}val") for el in _document_xml(path.read_bytes()).iter(f"{W}pStyle", f"{W}tblStyle")}
    assert used <= ids, f"{path.name} uses undefined style ids {used - ids}"


@pytest.mark.parametrize("kind", KINDS)
def test_templates_are_lean_and_hold_the_nd30_skeleton(kind: str) -> None:
    path = TEMPLATES / f"{kind}.docx"
    assert path.stat().st_size < 40_000  # tens of KB: not python-docx's 800 KB of default styles
    text = "\n".join(t for _, t in _paragraphs(path.read_bytes()))
    for fixed in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: «so_ky_hieu»",
        "«dia_danh», «ngay»",
        "Nơi nhận:",
        "«noi_nhan»",
        "«chuc_vu»",
        "«nguoi_ky»",
    ):
        assert fixed in text, f"{path.name}: {fixed}"
    assert ("V/v «trich_yeu»" in text) == (kind == "cong_van_don_doc")
    assert ("«loai_van_ban»" in text) == (kind != "cong_van_don_doc")
    assert ("Kính gửi: «kinh_gui»" in text) == (kind in ("bao_cao", "cong_van_don_doc"))


def test_a_template_restyled_by_a_person_restyles_what_is_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As Word leaves it: the body style changed, and a placeholder split over runs with formatting on it
    d = docx.Document(TEMPLATES / "phieu_bien_nhan.docx")
    d.styles["KH Noi dung"].font.size = Pt(13)
    number = next(p for p in d.tables[0].rows[0].cells[0].paragraphs if "«so_ky_hieu»" in p.text)
    number.text = ""
    for part in ("Số: «so_", "ky_hi", "eu»"):
        number.add_run(part).underline = True
    d.save(tmp_path / "phieu_bien_nhan.docx")
    monkeypatch.setattr(render, "TEMPLATES", tmp_path)
    render._template.cache_clear()
    try:
        out = docx.Document(io.BytesIO(rendered("phieu_bien_nhan")))
    finally:
        render._template.cache_clear()
    assert out.styles["KH Noi dung"].font.size == Pt(13)
    (p,) = [p for p in out.tables[0].rows[0].cells[0].paragraphs if p.text.startswith("Số:")]
    assert p.text == "Số: 431/PBN-SNV" and [r.underline for r in p.runs] == [True]


def test_an_unknown_placeholder_in_a_template_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = docx.Document(TEMPLATES / "thong_bao.docx")
    d.add_paragraph("«so_ky_hieuu»")
    d.save(tmp_path / "thong_bao.docx")
    monkeypatch.setattr(render, "TEMPLATES", tmp_path)
    render._template.cache_clear()
    try:
        with pytest.raises(ValueError, match="so_ky_hieuu"):
            rendered("thong_bao")
    finally:
        render._template.cache_clear()


# Layout measured in the .docx


@pytest.mark.parametrize("name", CASES)
def test_page_and_margins_in_the_docx(name: str) -> None:
    sect = _document_xml(rendered(name)).find(f"{W}body/{W}sectPr")
    size, mar = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4 portrait, in twips
    assert size.get(f"{W}orient") in (None, "portrait")
    mm = {side: int(mar.get(f"{W}{side}")) / TWIPS_PER_MM for side in ("top", "bottom", "left", "right")}
    slack = 0.1  # 20 mm is 1133.86 twips, written as 1134
    assert 20 - slack <= mm["top"] <= 25 + slack and 20 - slack <= mm["bottom"] <= 25 + slack, mm
    assert 30 - slack <= mm["left"] <= 35 + slack and 15 - slack <= mm["right"] <= 20 + slack, mm


@pytest.mark.parametrize("kind", KINDS)
def test_style_fonts_and_sizes_in_the_docx(kind: str) -> None:
    d = docx.Document(TEMPLATES / f"{kind}.docx")
    assert d.styles["Normal"].font.name == "Times New Roman"
    defaults = etree.fromstring(zipfile.ZipFile(TEMPLATES / f"{kind}.docx").read("word/styles.xml"))
    fonts = defaults.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    for name, ((lo, hi), bold, italic) in ND30.items():
        font = d.styles[name].font
        assert font.name == "Times New Roman", name
        assert Pt(lo) <= font.size <= Pt(hi), f"{name}: {font.size.pt} pt"
        assert (bool(font.bold), bool(font.italic)) == (bold, italic), name
    body = d.styles["KH Noi dung"].paragraph_format
    assert body.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= body.first_line_indent <= Cm(1.27) and body.space_after >= Pt(6)


@pytest.mark.parametrize("name", CASES)
def test_header_and_footer_are_two_columns(name: str) -> None:
    d = docx.Document(io.BytesIO(rendered(name)))
    head, foot = d.tables[0], d.tables[-1]
    left, right = (c.text for c in head.rows[0].cells)
    ctx = CASES[name].ctx
    assert ctx.co_quan_ban_hanh.upper() in left and f"Số: {ctx.so_ky_hieu}" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    nn, sig = foot.rows[0].cells
    assert nn.paragraphs[0].text == "Nơi nhận:" and sig.paragraphs[-1].text == ctx.nguoi_ky
    title = [x for x in ((ctx.quyen_han_ky or "").upper(), ctx.chuc_vu.upper()) if x]
    assert [p.text for p in sig.paragraphs if p.text] == [*title, ctx.nguoi_ky]


# What the renderer writes


def test_place_and_date_in_the_legal_form() -> None:
    assert _texts(rendered("ke_hoach"), "KH Dia danh ngay") == ["Vĩnh Long, ngày 20 tháng 11 năm 2026"]
    assert _texts(rendered("bao_cao_tong_hop"), "KH Dia danh ngay") == ["Vĩnh Long, ngày 05 tháng 02 năm 2027"]
    ctx = RenderContext.model_validate(CASES["bao_cao_so_ket"].ctx.model_dump() | {"ngay": "2019-08-26"})
    assert _texts(render_document("bao_cao", ctx), "KH Dia danh ngay") == ["Duyên Hải, ngày 26 tháng 8 năm 2019"]


def test_grounds_and_distribution_are_punctuated() -> None:
    data = rendered("ke_hoach")
    can_cu = _texts(data, "KH Can cu")
    assert can_cu[0].endswith("giai đoạn 2019 - 2025;") and can_cu[1] == "Căn cứ tình hình thực tế của địa phương."
    assert _texts(data, "KH Noi nhan") == [
        "- Bộ Nội vụ (b/c);",
        "- TT. Tỉnh ủy, TT. HĐND tỉnh (b/c);",
        "- UBND các xã, phường;",
        "- Lưu: VT, NC.",
    ]
    # "Lưu" given as the last line is kept, not added twice
    assert _texts(rendered("bao_cao_tong_hop"), "KH Noi nhan")[-1] == "- Lưu: VT, CCVC."


def test_optional_lines_leave_no_empty_paragraph() -> None:
    data = rendered("bao_cao_tong_ket")  # a school: parent body, no authority prefix
    assert _texts(data, "KH Quyen han ky") == [] and _texts(data, "KH Chuc vu") == ["HIỆU TRƯỞNG"]
    assert _texts(rendered("ke_hoach"), "KH Co quan chu quan") == []  # the province has no parent body
    assert _texts(data, "KH Co quan chu quan") == ["ỦY BAN NHÂN DÂN QUẬN 1"]
    assert not any("«" in t for name in CASES for _, t in _paragraphs(rendered(name)))


def test_kinh_gui_one_or_several() -> None:
    assert _texts(rendered("bao_cao_tong_hop"), "KH Kinh gui") == ["Kính gửi: Ủy ban nhân dân tỉnh Vĩnh Long"]
    data = rendered("cong_van_don_doc")
    assert _texts(data, "KH Kinh gui") == ["Kính gửi:"]
    assert _texts(data, "KH Kinh gui dong") == ["- Ủy ban nhân dân xã Giao Long;", "- Ủy ban nhân dân phường An Hội."]


def test_body_headings_paragraphs_and_tables() -> None:
    data = rendered("bao_cao_tong_hop")
    assert _texts(data, "KH Muc") == ["I. KẾT QUẢ", "II. KIẾN NGHỊ"]
    d = docx.Document(io.BytesIO(data))
    table = d.tables[1]
    assert table.style.name == "KH Bang luoi"
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Hạn nộp", "Tình trạng"]
    assert [c.text for c in table.rows[2].cells] == ["2", "Phường An Hội", "15/12/2026", "Nộp muộn 3 ngày"]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "KH Bang tieu de"
    widths = [c.width for c in table.rows[0].cells]
    assert widths[0] < widths[1] and abs(sum(widths) - Cm(16.5)) < Cm(0.1)


def test_text_is_nfc_whatever_comes_in() -> None:
    nfd = {
        k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v
        for k, v in CASES["thong_bao"].ctx.model_dump().items()
    }
    nfd["body"] = [unicodedata.normalize("NFD", "Đề nghị các đơn vị thực hiện.")]
    text = "".join(t for _, t in _paragraphs(render_document("thong_bao", nfd)))
    assert unicodedata.is_normalized("NFC", text) and "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG" in text


def test_a_dict_renders_like_the_model_and_the_bytes_are_stable() -> None:
    ctx = CASES["ke_hoach"].ctx
    assert render_document("ke_hoach", ctx.model_dump(mode="json")) == render_document("ke_hoach", ctx)


def test_refusals() -> None:
    ctx = CASES["ke_hoach"].ctx
    with pytest.raises(ValueError, match="quyet_dinh"):
        render_document("quyet_dinh", ctx)
    with pytest.raises(ValueError, match="kinh_gui"):  # a plan has no "Kính gửi": never drop it silently
        render_document("ke_hoach", ctx.model_copy(update={"kinh_gui": ["Sở Nội vụ"]}))
    with pytest.raises(ValueError, match="3 ô"):
        render_document("bao_cao", ctx.model_copy(update={"body": [Table(header=["a", "b", "c"], rows=[["1"]])]}))
    with pytest.raises(ValueError):
        render_document("ke_hoach", {"so_ky_hieu": "1/KH-X"})


def test_render_to_file_writes_a_readable_name_under_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach.settings import get_settings

    monkeypatch.setenv("KEHOACH_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        ctx = CASES["phieu_bien_nhan"].ctx
        path = Path(render_to_file.fn("phieu_bien_nhan", ctx))
        assert path.parent == get_settings().out_dir and path.name == "phieu-bien-nhan_431-PBN-SNV_2026-11-23.docx"
        assert path.read_bytes() == rendered("phieu_bien_nhan")
        assert Path(render_to_file.fn("thong_bao", CASES["thong_bao"].ctx.model_dump(), "tb.docx")).name == "tb.docx"
        with pytest.raises(ValueError, match="Tên tệp"):
            render_to_file.fn("thong_bao", CASES["thong_bao"].ctx, "../tb.docx")
    finally:
        get_settings.cache_clear()


# Layout measured in LibreOffice's PDF, and a page for a person to look at


@pytest.mark.parametrize("name", CASES)
def test_libreoffice_pdf_pages_are_a4(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(libreoffice_pdfs(tmp_path_factory)[name])).pages
    assert pages
    for page in pages:
        box = page.mediabox
        assert abs(float(box.width) - 595.3) <= 1 and abs(float(box.height) - 841.9) <= 1  # A4 in points


def test_rendered_plan_as_png_for_a_person(tmp_path_factory: pytest.TempPathFactory) -> None:
    exe = shutil.which("pdftoppm")
    assert exe, "pdftoppm is needed: apt-get install -y poppler-utils (make test does)"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("ke-hoach*.png"):
        old.unlink()
    (OUTPUT / "ke-hoach.docx").write_bytes(rendered("ke_hoach"))
    (OUTPUT / "ke-hoach.pdf").write_bytes(libreoffice_pdfs(tmp_path_factory)["ke_hoach"])
    subprocess.run([exe, "-png", "-r", "80", str(OUTPUT / "ke-hoach.pdf"), str(OUTPUT / "ke-hoach")], check=True)
    pngs = sorted(OUTPUT.glob("ke-hoach*.png"))
    assert pngs and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
