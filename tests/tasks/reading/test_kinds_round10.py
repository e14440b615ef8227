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
