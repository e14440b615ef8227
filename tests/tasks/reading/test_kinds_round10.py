"""One test per kind of căn cứ, signature and deadline fault the ninth and tenth held-out rounds (bench/holdout9,
bench/holdout10) showed on their first runs, each written small and apart from the documents it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import refs

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
