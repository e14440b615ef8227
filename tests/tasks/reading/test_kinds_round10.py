"""One test per kind of căn cứ, signature and deadline fault the ninth and tenth held-out rounds (bench/holdout9,
bench/holdout10) showed on their first runs, each written small and apart from the documents it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO, refs

# Căn cứ


def test_an_issuer_named_inside_brackets_ends_at_the_closing_bracket() -> None:
    # "Căn cứ Kế hoạch … (ban hành theo Quyết định số … của Ủy ban nhân dân tỉnh Nam Định);": the ")" is not the name's
    sentence = (
        "Căn cứ Kế hoạch phát triển kinh tế - xã hội năm 2010 (ban hành theo Quyết định số 05/2010/QĐ-UBND "
        "ngày 12 tháng 02 năm 2010 của Ủy ban nhân dân tỉnh Nam Định);"
    )
    assert refs(sentence) == [("05/2010/QĐ-UBND", "2010-02-12", "Ủy ban nhân dân tỉnh Nam Định")]


def test_an_issuer_followed_by_what_the_document_does() -> None:
    # "của Quốc hội phê chuẩn …", "của Thủ tướng Chính phủ kiện toàn …": the verb begins the description
    assert refs("Căn cứ Nghị quyết số 12/2008/QH12 của Quốc hội phê chuẩn Hiệp định thương mại giữa hai nước;") == [
        ("12/2008/QH12", None, "Quốc hội")
    ]
    assert refs(
        "Căn cứ Quyết định số 150/QĐ-TTg ngày 03 tháng 02 năm 2024 của Thủ tướng Chính phủ kiện toàn Hội đồng quốc gia;"
    ) == [("150/QĐ-TTg", "2024-02-03", "Thủ tướng Chính phủ")]


def test_a_list_of_documents_after_one_proposer() -> None:
    # "của Bộ trưởng Bộ Văn hoá, Thể thao và Du lịch tại các văn bản: Số …, số …": the first item with a capital, the
    # proposer (a comma in its name) named once for all
    got = refs(
        "Theo đề nghị của Bộ trưởng Bộ Văn hoá, Thể thao và Du lịch tại các văn bản: Số 15/TTr-BVHTTDL ngày 02 tháng "
        "3 năm 2025, số 16/BC-BVHTTDL ngày 04 tháng 3 năm 2025; của Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình tại Tờ "
        "trình số 40/TTr-UBND ngày 10 tháng 3 năm 2025;"
    )
    minister = "Bộ trưởng Bộ Văn hoá, Thể thao và Du lịch"
    assert got == [
        ("15/TTr-BVHTTDL", "2025-03-02", minister),
        ("16/BC-BVHTTDL", "2025-03-04", minister),
        ("40/TTr-UBND", "2025-03-10", "Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình"),
    ]


def test_the_last_of_a_proposers_list_followed_by_what_they_are_about() -> None:
    # "… tại các Tờ trình số …, số … và số … về chính sách của Luật …": the "của" of the subject is not an issuer
    got = refs(
        "Theo đề nghị của Bộ Tư pháp tại các Tờ trình số 21/TTr-BTP ngày 02 tháng 4 năm 2025 và số 30/BC-BTP ngày "
        "09 tháng 4 năm 2025 về chính sách của Luật sửa đổi, bổ sung một số điều của Luật Hộ tịch;"
    )
    assert got == [("21/TTr-BTP", "2025-04-02", "Bộ Tư pháp"), ("30/BC-BTP", "2025-04-09", "Bộ Tư pháp")]


def test_a_signers_title_after_the_subject_is_the_issuer() -> None:
    # "Thông tư số … ngày … về việc ban hành Quy chế … của Bộ trưởng Bộ …": the issuer named last
    assert refs(
        "Căn cứ Thông tư số 15/2019/TT-BYT ngày 11/7/2019 về việc ban hành Quy chế đấu thầu thuốc (ĐTT) của Bộ "
        "trưởng Bộ Y tế;"
    ) == [("15/2019/TT-BYT", "2019-07-11", "Bộ trưởng Bộ Y tế")]
    # a "của" in the subject, with no signer's title after it, is still not an issuer
    assert refs("Căn cứ Nghị định số 62/2019/NĐ-CP về điều chỉnh một số điều của Nghị định số 35/2015/NĐ-CP;")[0] == (
        "62/2019/NĐ-CP",
        None,
        None,
    )


# Signature


def test_an_authority_over_a_body_named_on_its_own_line() -> None:
    # "TL. BỘ TRƯỞNG" / "KT. TỔNG CỤC TRƯỞNG" / "TỔNG CỤC THUẾ" / "PHÓ TỔNG CỤC TRƯỞNG": the body goes with the
    # authority, the last line is the title; in .docx and in its PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
**BỘ TÀI CHÍNH**
Số: 45/QĐ-BTC
[head_right]
{MOTTO}
*Hà Nội, ngày 10 tháng 3 năm 2025*
[body]
**QUYẾT ĐỊNH**
**Về việc đính chính Thông tư số 12/2025/TT-BTC**
**BỘ TRƯỞNG BỘ TÀI CHÍNH**
Căn cứ Nghị định số 29/2025/NĐ-CP ngày 24 tháng 02 năm 2025 của Chính phủ quy định chức năng của Bộ Tài chính;
**QUYẾT ĐỊNH:**
Điều 1. Đính chính lỗi kỹ thuật tại Thông tư số 12/2025/TT-BTC.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.
[foot_right]
**TL. BỘ TRƯỞNG**
**KT. TỔNG CỤC TRƯỞNG**
**TỔNG CỤC THUẾ**
**PHÓ TỔNG CỤC TRƯỞNG**
**Nguyễn Văn Bình**
"""
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["quyen_han_ky"], got["chuc_vu"], got["nguoi_ky"]) == (
            "TL. BỘ TRƯỞNG KT. TỔNG CỤC TRƯỞNG TỔNG CỤC THUẾ",
            "PHÓ TỔNG CỤC TRƯỞNG",
            "Nguyễn Văn Bình",
        ), kind


def test_a_title_and_name_alone_with_no_prefix_and_no_noi_nhan() -> None:
    # "THỦ TƯỚNG" / "Lê Minh Hưng" in the footer's right column, the left column empty: read in .docx and PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
**THỦ TƯỚNG CHÍNH PHỦ**
Số: 120/QĐ-TTg
[head_right]
{MOTTO}
*Hà Nội, ngày 15 tháng 01 năm 2025*
[body]
**QUYẾT ĐỊNH**
**Thành lập Hội đồng thẩm định quốc gia**
**THỦ TƯỚNG CHÍNH PHỦ**
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
**QUYẾT ĐỊNH:**
Điều 1. Thành lập Hội đồng thẩm định quốc gia.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký./.
[foot_right]
**THỦ TƯỚNG**
**Trần Văn Sơn**
"""
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["quyen_han_ky"], got["chuc_vu"], got["nguoi_ky"]) == (None, "THỦ TƯỚNG", "Trần Văn Sơn"), kind


def test_a_signature_followed_by_an_attached_plan_with_its_own_header() -> None:
    # the decision signed "KT. THỦ TƯỚNG" / "PHÓ THỦ TƯỚNG" / name, no Nơi nhận, then the plan it issues with its own
    # header and many pages: the decision's signature is read, in .docx and in its PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    tasks = "\n".join(
        f"{k}. Bộ, ngành thực hiện nhiệm vụ số {k} của kế hoạch, bảo đảm tiến độ, chất lượng và hiệu quả; định kỳ "
        f"báo cáo kết quả thực hiện về Bộ Y tế để tổng hợp, báo cáo Thủ tướng Chính phủ."
        for k in range(1, 46)
    )
    text = f"""[head_left]
**THỦ TƯỚNG CHÍNH PHỦ**
Số: 600/QĐ-TTg
[head_right]
{MOTTO}
*Hà Nội, ngày 12 tháng 3 năm 2025*
[body]
**QUYẾT ĐỊNH**
**Ban hành Kế hoạch hành động thực hiện Chỉ thị số 10-CT/TW**
**THỦ TƯỚNG CHÍNH PHỦ**
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
**QUYẾT ĐỊNH:**
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành./.
[foot_right]
**KT. THỦ TƯỚNG**
**PHÓ THỦ TƯỚNG**
**Lê Thành Long**
[tail]
**THỦ TƯỚNG CHÍNH PHỦ**
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**
**KẾ HOẠCH HÀNH ĐỘNG**
*(Kèm theo Quyết định số 600/QĐ-TTg ngày 12 tháng 3 năm 2025 của Thủ tướng Chính phủ)*
I. NHIỆM VỤ CỤ THỂ
{tasks}
"""
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["quyen_han_ky"], got["chuc_vu"], got["nguoi_ky"]) == (
            "KT. THỦ TƯỚNG",
            "PHÓ THỦ TƯỚNG",
            "Lê Thành Long",
        ), kind


# Deadlines


def test_a_deadline_stated_in_a_plan_attached_after_the_signature() -> None:
    # the decision's Nơi nhận and signature, then the plan it issues, whose report is due "định kỳ hằng năm … trước
    # ngày 31 tháng 12": read in .docx (the plan after the footer table) and in its PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
**THỦ TƯỚNG CHÍNH PHỦ**
Số: 601/QĐ-TTg
[head_right]
{MOTTO}
*Hà Nội, ngày 12 tháng 3 năm 2025*
[body]
**QUYẾT ĐỊNH**
**Ban hành Kế hoạch hành động về chuyển đổi số**
**THỦ TƯỚNG CHÍNH PHỦ**
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
**QUYẾT ĐỊNH:**
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành./.
[foot_left]
**Nơi nhận:**
- Như Điều 2;
- Lưu: VT, KGVX.
[foot_right]
**KT. THỦ TƯỚNG**
**PHÓ THỦ TƯỚNG**
**Lê Thành Long**
[tail]
**KẾ HOẠCH HÀNH ĐỘNG**
*(Kèm theo Quyết định số 601/QĐ-TTg ngày 12 tháng 3 năm 2025 của Thủ tướng Chính phủ)*
I. TỔ CHỨC THỰC HIỆN
Các bộ, ngành, địa phương định kỳ hằng năm báo cáo kết quả thực hiện Kế hoạch gửi Bộ Khoa học và Công nghệ trước \
ngày 31 tháng 12 để tổng hợp, báo cáo Thủ tướng Chính phủ.
"""
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert ("periodic_report", "annual") in [(d["kind"], d["period"]) for d in got["deadlines"]], kind
