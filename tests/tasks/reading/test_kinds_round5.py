"""One test per kind of fault the fifth held-out round (bench/holdout5) showed on its first run, each written
small and apart from the documents it was seen in."""

from __future__ import annotations

from tasks.reading.cancu import refs_in
from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text

MOTTO = "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**"


def _read(text: str) -> dict:
    return read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()


def _refs(sentence: str) -> list[tuple]:
    return [(r["so_ky_hieu"], r["ngay"], r["co_quan"]) for r in refs_in(sentence)]


# Căn cứ


def test_a_description_written_with_a_capital_after_the_issuer() -> None:
    assert _refs("Căn cứ Thông tư số 187/2010/TT-BTC ngày 22/11/2010 của Bộ Tài chính Quy định về cơ chế hỗ trợ;") == [
        ("187/2010/TT-BTC", "2010-11-22", "Bộ Tài chính")
    ]


def test_the_issuer_written_before_the_date() -> None:
    sentence = (
        "Căn cứ Nghị định số 38/2023/NĐ-CP của Chính phủ ngày 24 tháng 6 năm 2023 sửa đổi, bổ sung một số điều của "
        "Nghị định số 27/2022/NĐ-CP ngày 19 tháng 4 năm 2022;"
    )
    assert _refs(sentence)[0] == ("38/2023/NĐ-CP", "2023-06-24", "Chính phủ")


def test_the_words_of_a_date_in_capitals() -> None:
    sentence = "Theo đề nghị của Cục trưởng Cục Thống kê tỉnh, tại tờ trình số 307/Ttr-CTK ngày 06 Tháng 10 năm 2023."
    assert _refs(sentence) == [("307/Ttr-CTK", "2023-10-06", "Cục trưởng Cục Thống kê tỉnh")]


def test_cua_typed_onto_the_date() -> None:
    sentence = "Thực hiện Kế hoạch số 168/KH-LĐLĐ ngày 03/12/2021của LĐLĐ tỉnh Thanh Hóa, trên cơ sở Kế hoạch số 31"
    assert _refs(sentence)[0] == ("168/KH-LĐLĐ", "2021-12-03", "LĐLĐ tỉnh Thanh Hóa")


def test_a_type_word_straight_before_the_number_without_so() -> None:
    sentence = "Căn cứ Công văn 285/CCTTHC ngày 08 tháng 9 năm 2009 của Tổ công tác chuyên trách về chuẩn bị công bố;"
    assert _refs(sentence) == [("285/CCTTHC", "2009-09-08", "Tổ công tác chuyên trách")]


def test_documents_listed_before_the_issuer_they_share() -> None:
    sentence = (
        "- Căn cứ Quyết định số 16/2006/QĐ-BGDĐT ngày 05/5/2006, Thông tư số 32/2018/TT-BGDĐT ngày 26/12/2018 "
        "của Bộ trưởng Bộ GD&ĐT về ban hành Chương trình Giáo dục phổ thông;"
    )
    assert _refs(sentence) == [
        ("16/2006/QĐ-BGDĐT", "2006-05-05", "Bộ trưởng Bộ GD&ĐT"),
        ("32/2018/TT-BGDĐT", "2018-12-26", "Bộ trưởng Bộ GD&ĐT"),
    ]


def test_a_law_before_a_decree_keeps_no_issuer() -> None:
    # a law's number with its own date, then a decree of the Government: the law is not the Government's
    sentence = "Căn cứ Luật số 42/2013/QH13 ngày 25/11/2013; Nghị định số 64/2014/NĐ-CP ngày 26/6/2014 của Chính phủ;"
    assert _refs(sentence)[0] == ("42/2013/QH13", "2013-11-25", None)
