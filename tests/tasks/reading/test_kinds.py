"""One test per kind of document the reader got wrong on unseen documents (issue 13): two-line issuers, blank
numbers and dates, headers that are loose lines or absent, subjects over several lines or beginning with a
verb, căn cứ in all its forms, and deadlines of every kind, down to the periods the follow-up opens."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.reading.cancu import refs_in
from tasks.reading.parse import read_document
from tasks.reading.vndates import extract_deadlines
from tests.docbuild import build_docx, parse_doc_text, to_pdfs
from tests.tasks.reading.kinds import MOTTO

RIGHT = f"[head_right]\n{MOTTO}\n*Sóc Trăng, ngày 05 tháng 3 năm 2025*\n"
BODY = "[body]\n**KẾ HOẠCH**\n**Triển khai công tác năm 2025**\nI. MỤC ĐÍCH\nNội dung.\n"
FOOT = (
    "[foot_left]\n***Nơi nhận:***\n- Như trên;\n- Lưu: VT.\n"
    "[foot_right]\n**TM. ỦY BAN NHÂN DÂN**\n**CHỦ TỊCH**\n**Trần Văn An**\n"
)


def doc(head_left: str, *, right: str = RIGHT, body: str = BODY, foot: str = FOOT, layout: str = "") -> str:
    return f"{layout}\n[head_left]\n{head_left}\n{right}{body}{foot}"


def read(text: str, **build: str) -> dict:
    return read_document(build_docx(parse_doc_text(text), **build), "doc.docx").to_json_dict()


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        ("ỦY BAN NHÂN DÂN\n**TỈNH SÓC TRĂNG**", "Ủy ban nhân dân tỉnh Sóc Trăng"),
        ("UBND HUYỆN CHÂU THÀNH\n**PHÒNG GIÁO DỤC VÀ ĐÀO TẠO**", "Phòng Giáo dục và Đào tạo"),
        ("PHÒNG GD&ĐT HUYỆN CHÂU THÀNH\n**TRƯỜNG TIỂU HỌC AN HIỆP A**", "Trường Tiểu học An Hiệp A"),
        ("ĐẢNG BỘ TỈNH SÓC TRĂNG\n**BAN THƯỜNG VỤ TỈNH ỦY**", "Ban Thường vụ Tỉnh ủy"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG\n**ỦY BAN KIỂM TRA**", "Ủy ban Kiểm tra Trung ương"),
        ("**BỘ LAO ĐỘNG – THƯƠNG**\n**BINH VÀ XÃ HỘI**", "Bộ Lao động – Thương binh và Xã hội"),
        ("UBND THÀNH PHỐ HỒ CHÍ MINH\n**TRƯỜNG MẦM NON**\n**HOA SEN**", "Trường Mầm non Hoa Sen"),
    ],
)
def test_issuer_over_two_header_lines_written_as_in_a_sentence(head: str, issuer: str) -> None:
    fields = read(doc(f"{head}\nSố: 12/KH-UBND"))
    assert fields["co_quan_ban_hanh"] == issuer
    assert fields["so_ky_hieu"] == "12/KH-UBND"


def test_issuer_spelled_as_the_document_spells_it() -> None:
    body = (
        "[body]\n**KẾ HOẠCH**\n**Tuyển sinh năm 2025**\nTrường Cao đẳng Công nghệ Thủ Đức xây dựng kế hoạch như sau:\n"
    )
    fields = read(doc("UBND THÀNH PHỐ HỒ CHÍ MINH\n**TRƯỜNG CAO ĐẲNG CÔNG NGHỆ THỦ ĐỨC**\nSố: 3/KH-CNTĐ", body=body))
    assert fields["co_quan_ban_hanh"] == "Trường Cao đẳng Công nghệ Thủ Đức"


def test_party_committee_never_the_right_hand_motto() -> None:
    right = "[head_right]\n**ĐẢNG CỘNG SẢN VIỆT NAM**\n*An Hiệp, ngày 12 tháng 3 năm 2025*\n"
    fields = read(doc("ĐẢNG BỘ HUYỆN CHÂU THÀNH\n**ĐẢNG ỦY XÃ AN HIỆP**\n*\nSố: 45-KH/ĐU", right=right))
    assert (fields["co_quan_ban_hanh"], fields["so_ky_hieu"]) == ("Đảng ủy xã An Hiệp", "45-KH/ĐU")
    assert (fields["dia_danh"], fields["ngay_ban_hanh"]) == ("An Hiệp", "2025-03-12")


def test_youth_union_header_takes_its_name_from_the_right_column() -> None:
    right = "[head_right]\n**ĐOÀN TNCS HỒ CHÍ MINH**\n*Hà Nội, ngày 16 tháng 5 năm 2024*\n"
    fields = read(doc("**BAN CHẤP HÀNH TRUNG ƯƠNG**\n***\nSố: 225 - KH/TWĐTN-CTTN", right=right))
    assert fields["co_quan_ban_hanh"] == "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"
    assert fields["so_ky_hieu"] == "225-KH/TWĐTN-CTTN"


@pytest.mark.parametrize("layout", ["table", "plain", "tabs"])
def test_blank_number_and_date_are_null_and_leak_nowhere(layout: str) -> None:
    right = f"[head_right]\n{MOTTO}\n*Hà Nội, ngày tháng năm 2025*\n"
    fields = read(doc("ỦY BAN NHÂN DÂN\n**THÀNH PHỐ HÀ NỘI**\nSố: /QĐ-UBND", right=right), header=layout)
    assert fields["so_ky_hieu"] is None and fields["ngay_ban_hanh"] is None
    assert fields["dia_danh"] == "Hà Nội"
    assert fields["co_quan_ban_hanh"] == "Ủy ban nhân dân thành phố Hà Nội"


def test_no_header_at_all() -> None:
    fields = read(doc("ỦY BAN NHÂN DÂN\n**TỈNH SÓC TRĂNG**\nSố: 12/KH-UBND"), header="none")
    assert fields["so_ky_hieu"] is None and fields["co_quan_ban_hanh"] is None and fields["dia_danh"] is None
    assert (fields["loai_van_ban"], fields["trich_yeu"]) == ("Kế hoạch", "Triển khai công tác năm 2025")


def test_caption_line_of_a_portal_post() -> None:
    text = "[body]\nSố 924/SNV-CCHC Ngày 07-9-2015 V/v báo cáo công tác CCHC quý III năm 2015.\nKính gửi: Các sở.\n"
    fields = read(text)
    assert (fields["so_ky_hieu"], fields["ngay_ban_hanh"]) == ("924/SNV-CCHC", "2015-09-07")
    assert (fields["loai_van_ban"], fields["trich_yeu"]) == ("Công văn", "báo cáo công tác CCHC quý III năm 2015")


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        (
            "**QUYẾT ĐỊNH**\n**VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH**\n**THUỘC THẨM QUYỀN CỦA UBND CẤP HUYỆN**\n"
            "**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG**\n*Căn cứ Luật Tổ chức chính quyền địa phương;*\n",
            "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN CỦA UBND CẤP HUYỆN",
        ),
        (
            "**KẾ HOẠCH**\n**Thực hiện phong trào thi đua “Dân vận khéo” năm 2025**\n"
            "Thực hiện Kế hoạch số 51/KH-UBND ngày 10/02/2025 của Ủy ban nhân dân huyện,\n",
            "Thực hiện phong trào thi đua “Dân vận khéo” năm 2025",
        ),
        (
            "**THÔNG BÁO**\n**Tổ chức hội nghị sơ kết**\nỦy ban nhân dân tỉnh thông báo lịch hội nghị như sau.\n",
            "Tổ chức hội nghị sơ kết",
        ),
        (
            "**QUYẾT ĐỊNH**\n**Phê chuẩn kết quả bầu chức vụ Chủ tịch**\n**Ủy ban nhân dân thành phố Đà Nẵng**\n"
            "**THỦ TƯỚNG CHÍNH PHỦ**\n*Căn cứ Luật Tổ chức Chính phủ;*\n",
            "Phê chuẩn kết quả bầu chức vụ Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng",
        ),
    ],
)
def test_subject_over_several_lines_or_beginning_with_a_verb(body: str, subject: str) -> None:
    text = doc("ỦY BAN NHÂN DÂN\n**TỈNH SÓC TRĂNG**\nSố: 12/QĐ-UBND", body=f"[body]\n{body}")
    assert read(text)["trich_yeu"] == subject
    pdf = to_pdfs({"d": build_docx(parse_doc_text(text))}, _tmp())["d"]
    assert read_document(pdf, "d.pdf").to_json_dict()["trich_yeu"] == subject


def _tmp():
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp(prefix="kinds-"))


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        (
            "Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của Ủy ban nhân dân tỉnh Trà Vinh về tổ chức thực hiện;",
            [("66/KH-UBND", "2019-08-20", "Ủy ban nhân dân tỉnh Trà Vinh")],
        ),
        (
            "Thực hiện Công văn số 512/UBND-NV ngày 03/6/2024 của Ủy ban nhân dân huyện Châu Thành, Ủy ban báo cáo:",
            [("512/UBND-NV", "2024-06-03", "Ủy ban nhân dân huyện Châu Thành")],
        ),
        (
            "Trên cơ sở Kế hoạch số 6103/KH-UBND ngày 16/9/2022 của UBND tỉnh về giám sát; UBND tỉnh ban hành",
            [("6103/KH-UBND", "2022-09-16", "UBND tỉnh")],
        ),
        (
            "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 191/TTr-SNV ngày 10/4/2026.",
            [("191/TTr-SNV", "2026-04-10", "Giám đốc Sở Nội vụ")],
        ),
        (
            "Căn cứ Thông báo số 212-TB/TU ngày 23/01/2026 của Thành ủy Hà Nội;",
            [("212-TB/TU", "2026-01-23", "Thành ủy Hà Nội")],
        ),
        ("Căn cứ Luật Thuế thu nhập cá nhân số 25/2008/QH12;", [("25/2008/QH12", None, None)]),
        (
            "Căn cứ Quyết định số 6426/QĐ-BGD&ĐT ngày 24/09/2008 của Bộ trưởng Bộ Giáo dục và Đào tạo về việc",
            [("6426/QĐ-BGD&ĐT", "2008-09-24", "Bộ trưởng Bộ Giáo dục và Đào tạo")],
        ),
        (
            "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát; Nghị định số "
            "92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ sửa đổi, bổ sung;",
            [("63/2010/NĐ-CP", "2010-06-08", "Chính phủ"), ("92/2017/NĐ-CP", "2017-08-07", "Chính phủ")],
        ),
        (
            "Căn cứ Kế hoạch số 298 KH/TWĐTN ngày 14/7/2011 của Ban Chấp hành Trung ương Đoàn về việc",
            [("298-KH/TWĐTN", "2011-07-14", "Ban Chấp hành Trung ương Đoàn")],
        ),
        (
            "Theo đề nghị của Bộ Tài chính tại Tờ trình số 17/TTr-BTC ngày 02/3/2026 và Báo cáo số 40/BC-BTC ngày "
            "05/3/2026; của Ủy ban nhân dân tỉnh tại Tờ trình số 9/TTr-UBND ngày 01/3/2026.",
            [
                ("17/TTr-BTC", "2026-03-02", "Bộ Tài chính"),
                ("40/BC-BTC", "2026-03-05", "Bộ Tài chính"),
                ("9/TTr-UBND", "2026-03-01", "Ủy ban nhân dân tỉnh"),
            ],
        ),
    ],
)
def test_can_cu_in_all_its_forms(sentence: str, want: list[tuple]) -> None:
    assert [(r["so_ky_hieu"], r["ngay"], r["co_quan"]) for r in refs_in(sentence)] == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        (
            "Các đơn vị báo cáo kết quả hằng tháng, trước ngày 20 về Phòng Nội vụ.",
            [("periodic_report", "monthly", None, None, 20, None)],
        ),
        (
            "Định kỳ trước ngày 25 hàng tháng, các xã gửi báo cáo về Ủy ban nhân dân huyện.",
            [("periodic_report", "monthly", None, None, 25, None)],
        ),
        (
            "Các phòng báo cáo kết quả hằng quý trước ngày 10 của tháng cuối quý.",
            [("periodic_report", "quarterly", None, None, 10, None)],
        ),
        ("- Tháng 6 năm 2028: Sơ kết việc thực hiện Kế hoạch.", [("so_ket", None, None, 2028, None, 6)]),
        ("Tổng kết vào tháng 12/2030.", [("tong_ket", None, None, 2030, None, 12)]),
        (
            "Định kỳ 6 tháng, năm báo cáo kết quả về Sở Nội vụ.",
            [
                ("periodic_report", "semiannual", None, None, None, None),
                ("periodic_report", "annual", None, None, None, None),
            ],
        ),
        (
            "Các đơn vị báo cáo quý, 6 tháng và năm về Ủy ban nhân dân tỉnh.",
            [
                ("periodic_report", "quarterly", None, None, None, None),
                ("periodic_report", "semiannual", None, None, None, None),
                ("periodic_report", "annual", None, None, None, None),
            ],
        ),
        (
            "Sở đề nghị các đơn vị thực hiện Kế hoạch số 35/KH-UBND ngày 15/02/2024, báo cáo trước ngày 20/12/2024.",
            [("other", None, "2024-12-20", 2024, None, None)],
        ),
        ("Treo cờ Tổ quốc từ ngày 10/5/2026 đến hết ngày 14/5/2026.", []),
    ],
)
def test_deadline_kinds(line: str, want: list[tuple]) -> None:
    got = [(d["kind"], d["period"], d["date"], d["year"], d["day"], d["month"]) for d in extract_deadlines([line])]
    assert got == want


TABLE_PLAN = (
    """
[head_left]
ỦY BAN NHÂN DÂN
**TỈNH SÓC TRĂNG**
Số: 30/KH-UBND
"""
    + RIGHT
    + """
[body]
**KẾ HOẠCH**
**Thực hiện chuyển đổi số giai đoạn 2026 - 2030**
I. TIẾN ĐỘ
| STT | Nội dung | Thời gian | Đơn vị |
| 1 | Xây dựng kế hoạch của đơn vị, gửi về Sở Nội vụ | Trước ngày 15/01/2026 | Các xã |
| 2 | Sơ kết việc thực hiện | Tháng 6 năm 2028 | Sở Nội vụ |
| 3 | Tổng kết | Tháng 12 năm 2030 | Sở Nội vụ |
II. TỔ CHỨC THỰC HIỆN
Các xã báo cáo kết quả hằng tháng, trước ngày 20; định kỳ 6 tháng, năm báo cáo Ủy ban nhân dân tỉnh.
"""
    + FOOT
)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_deadlines_in_tables_reach_the_periods_the_follow_up_opens(fmt: str) -> None:
    from tasks.plans.requirements import plan_requirements

    data = build_docx(parse_doc_text(TABLE_PLAN))
    if fmt == "pdf":
        data = to_pdfs({"plan": data}, _tmp())["plan"]
    fields = read_document(data, f"plan.{fmt}").to_json_dict()
    kinds = {(d["kind"], d["period"], d["date"], d["year"], d["day"], d["month"]) for d in fields["deadlines"]}
    assert {
        ("submit_plan", None, "2026-01-15", 2026, None, None),
        ("so_ket", None, None, 2028, None, 6),
        ("tong_ket", None, None, 2030, None, 12),
        ("periodic_report", "monthly", None, None, 20, None),
        ("periodic_report", "semiannual", None, None, None, None),
        ("periodic_report", "annual", None, None, None, None),
    } <= kinds
    reqs, _ = plan_requirements(fields, today=date(2025, 12, 1), due_override=None)
    opened = {(r["kind"], r["period_kind"], r["first_period"]) for r in reqs if r["kind"] != "submit_plan"}
    assert {
        ("periodic_report", "month", "2025-12"),
        ("periodic_report", "half", "2025-H2"),
        ("periodic_report", "year", "2025"),
        ("so_ket", "year", "2028"),
        ("tong_ket", "year", "2030"),
    } <= opened
    assert next(r for r in reqs if r["kind"] == "submit_plan")["due_rule"].endswith("2026-01-15")
