"""A .docx as Word writes it, not as python-docx builds it: text in tracked insertions, content controls, smart
tags, fields and text boxes is read like any other; deleted text is not; an empty document is read, not a crash."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from tasks.reading.lines import docx_lines
from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text
from tests.tasks.reading.kinds import MOTTO
from tests.wordmarkup import MC, q, rewrite, word_lists, wrap_blocks, wrap_runs

PLAN = f"""
[head_left]
ỦY BAN NHÂN DÂN
**XÃ AN HIỆP**
Số: 45/KH-UBND
[head_right]
{MOTTO}
*An Hiệp, ngày 05 tháng 3 năm 2025*
[body]
**KẾ HOẠCH**
**Triển khai công tác chuyển đổi số năm 2025**
Căn cứ Kế hoạch số 30/KH-UBND ngày 15/01/2025 của Ủy ban nhân dân huyện Châu Thành;
I. MỤC ĐÍCH
Các ấp báo cáo kết quả hằng tháng, trước ngày 20 về Văn phòng Ủy ban nhân dân xã.
[foot_left]
***Nơi nhận:***
- Các ấp;
- Lưu: VT.
[foot_right]
**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**
**Trần Văn An**
"""
FIELDS = (
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
)


def read(data: bytes) -> dict:
    got = read_document(data, "plan.docx").to_json_dict()
    return {k: got[k] for k in FIELDS}


@pytest.fixture(scope="module")
def plain() -> tuple[bytes, dict]:
    data = build_docx(parse_doc_text(PLAN))
    return data, read(data)


def test_the_plain_plan_is_read_whole(plain) -> None:
    _, want = plain
    assert want["so_ky_hieu"] == "45/KH-UBND" and want["co_quan_ban_hanh"] == "Ủy ban nhân dân xã An Hiệp"
    assert want["can_cu"] and want["deadlines"] and want["noi_nhan"] and want["nguoi_ky"] == "Trần Văn An"


@pytest.mark.parametrize(
    "change",
    [
        wrap_runs("ins", id="1", author="Chuyên viên", date="2025-03-05T00:00:00Z"),
        wrap_runs("smartTag", element="place"),
        wrap_runs("fldSimple", instr=" MERGEFIELD x "),
        wrap_runs("sdt"),
        wrap_blocks,
    ],
    ids=["tracked insertion", "smart tag", "field", "inline content control", "block content control"],
)
def test_text_word_wraps_is_read_like_any_other(plain, change) -> None:
    data, want = plain
    assert read(rewrite(data, change)) == want


def test_deleted_text_is_not_read(plain) -> None:
    data, want = plain

    def delete_a_word(root) -> None:
        # "Triển khai" → tracked deletion of an inserted "Hủy bỏ " before it: the subject must not change
        for p in root.iter(q("p")):
            if "Triển khai" in "".join(p.itertext()):
                d = etree.Element(q("del"), {q("id"): "2", q("author"): "A"})
                r = etree.SubElement(d, q("r"))
                etree.SubElement(r, q("delText")).text = "Hủy bỏ "
                first = next(c for c in p if c.tag == q("r"))
                first.addprevious(d)

    assert read(rewrite(data, delete_a_word)) == want


def test_a_text_box_is_read_once(plain) -> None:
    """A stamp in a text box, as Word writes it: a drawing with a VML fallback holding the same text."""
    data, want = plain

    def add_box(root) -> None:
        body = root.find(q("body"))
        p = etree.Element(q("p"))
        r = etree.SubElement(p, q("r"))
        alt = etree.SubElement(r, q("AlternateContent", MC))
        for side in ("Choice", "Fallback"):
            holder = etree.SubElement(alt, q(side, MC))
            box = etree.SubElement(holder, q("txbxContent"))
            bp = etree.SubElement(box, q("p"))
            etree.SubElement(etree.SubElement(bp, q("r")), q("t")).text = "DỰ THẢO"
        body.insert(0, p)

    got = read_document(rewrite(data, add_box), "plan.docx")
    assert {k: v for k, v in got.to_json_dict().items() if k in FIELDS} == want, got.warnings
    texts = [ln.text for ln in docx_lines(rewrite(data, add_box))[0]]
    assert texts.count("DỰ THẢO") == 1


def test_an_empty_document_is_read_and_says_so() -> None:
    buf = io.BytesIO()
    docx.Document().save(buf)
    got = read_document(buf.getvalue(), "trong.docx")
    assert got.so_ky_hieu is None and got.noi_nhan == []
    assert any("không có chữ nào đọc được" in w for w in got.warnings)


LISTS = PLAN.replace("I. MỤC ĐÍCH\n", "I. MỤC ĐÍCH\n1. Mục đích\nNội dung.\n2. Yêu cầu\nII. NỘI DUNG\n").replace(
    "- Các ấp;\n", "- Các ấp;\n- Thường trực Đảng ủy xã (b/c);\n"
)


@pytest.mark.parametrize("label", [True, False], ids=["Nơi nhận labelled", "label lost"])
def test_word_bullets_and_numbers_read_like_typed_ones(label: bool) -> None:
    typed = build_docx(parse_doc_text(LISTS if label else LISTS.replace("***Nơi nhận:***\n", "")))
    want = read(typed)
    assert [n["text"] for n in want["noi_nhan"]] == ["Các ấp;", "Thường trực Đảng ủy xã (b/c);", "Lưu: VT."]
    listed = word_lists(typed)
    assert "- Các ấp" not in "".join(zipfile.ZipFile(io.BytesIO(listed)).read("word/document.xml").decode())
    assert read(listed) == want
    texts = [ln.text for ln in docx_lines(listed)[0]]
    assert {"I. MỤC ĐÍCH", "1. Mục đích", "2. Yêu cầu", "II. NỘI DUNG", "- Các ấp;"} <= set(texts)


def test_nơi_nhận_items_typed_without_dashes() -> None:
    plain = LISTS.replace("- Các ấp;", "Các ấp;").replace("- Thường", "Thường").replace("- Lưu", "Lưu")
    got = read(build_docx(parse_doc_text(plain)))
    assert [(n["text"], n["role"]) for n in got["noi_nhan"]] == [
        ("Các ấp;", "thuc_hien"),
        ("Thường trực Đảng ủy xã (b/c);", "de_biet"),
        ("Lưu: VT.", "luu"),
    ]


def test_a_list_whose_numbering_word_wrote_badly_is_still_read() -> None:
    """A start or level that is not a number does not refuse the file: the list reads as if numbered from 1."""
    typed = build_docx(parse_doc_text(LISTS))
    listed = word_lists(typed)
    src, buf = zipfile.ZipFile(io.BytesIO(listed)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/numbering.xml":
                body = body.replace(b'w:start w:val="1"', b'w:start w:val="x"')
            if item.filename == "word/document.xml":
                body = body.replace(b'w:ilvl w:val="1"', b'w:ilvl w:val="one"')
            dst.writestr(item, body)
    assert read(buf.getvalue()) == read(typed)
