"""A PDF's body read as paragraphs: a line with a run of spaces typed in it (or justified wide) looks like two
columns in the PDF's text, but goes on the paragraph above it; a real table after a paragraph is still a table."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text, to_pdfs
from tests.tasks.reading.kinds import MOTTO

DOC = f"""
[head_left]
UBND THÀNH PHỐ HÀ NỘI
**SỞ GIÁO DỤC VÀ ĐÀO TẠO**
Số: 3929/SGD&ĐT-GDTX-CN
[head_right]
{MOTTO}
*Hà Nội, ngày 19 tháng 10 năm 2016*
[body]
Kính gửi: Các trường trung cấp chuyên nghiệp trên địa bàn thành phố Hà Nội
Căn cứ Thông tư số 27/2014/TT-BGDĐT ngày 11/8/2014 về việc ban hành Quy chế tuyển sinh Trung cấp chuyên nghiệp (TCCN) 2014 của Bộ trưởng Bộ Giáo dục và Đào tạo; Căn cứ công văn số 3743/SGD&ĐT-GDTX-CN ngày 05/10/2016,        của Sở Giáo dục và Đào tạo Hà Nội về hướng dẫn thực hiện nhiệm vụ năm học 2016 – 2017;
Sở Giáo dục và Đào tạo hướng dẫn các trường thực hiện như sau:
| STT | Nội dung | Thời gian |
| 1 | Nộp hồ sơ đăng ký tuyển sinh | Trước ngày 30/10/2016 |
"""  # noqa: E501


def test_spaces_typed_in_a_sentence_do_not_part_it_into_columns() -> None:
    data = build_docx(parse_doc_text(DOC))
    pdf = to_pdfs({"cv": data}, Path(tempfile.mkdtemp(prefix="kehoach-body-")))["cv"]
    for got in (read_document(data, "cv.docx"), read_document(pdf, "cv.pdf")):
        assert [(c["so_ky_hieu"], c["ngay"], c["co_quan"]) for c in got.can_cu] == [
            ("27/2014/TT-BGDĐT", "2014-08-11", "Bộ trưởng Bộ Giáo dục và Đào tạo"),
            ("3743/SGD&ĐT-GDTX-CN", "2016-10-05", "Sở Giáo dục và Đào tạo Hà Nội"),
        ], got.file_kind
        assert [(d["kind"], d["date"]) for d in got.deadlines] == [("other", "2016-10-30")], got.file_kind
