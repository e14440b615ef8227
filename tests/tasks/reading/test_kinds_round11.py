"""One test per kind of header, subject and căn cứ fault the eleventh held-out round (bench/holdout11) showed on
its first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO, read_text, refs

# Number


def test_a_number_with_a_dot_in_it() -> None:
    # "Số: 66.17/2026/NQ-CP": the dot belongs to the number, in the header and in a căn cứ
    text = f"""[head_left]
**CHÍNH PHỦ**
Số: 12.05/2026/NQ-CP
[head_right]
{MOTTO}
*Hà Nội, ngày 15 tháng 5 năm 2026*
[body]
**NGHỊ QUYẾT**
**Về việc điều chỉnh danh mục ngành, nghề**
Căn cứ Nghị quyết số 31.02/2025/NQ-CP của Chính phủ về cải cách thủ tục hành chính;
**Điều 1. Phạm vi điều chỉnh**
"""
    got = read_text(text)
    assert got["so_ky_hieu"] == "12.05/2026/NQ-CP"
    assert refs("Căn cứ Nghị quyết số 31.02/2025/NQ-CP của Chính phủ về cải cách thủ tục hành chính;") == [
        ("31.02/2025/NQ-CP", None, "Chính phủ")
    ]
