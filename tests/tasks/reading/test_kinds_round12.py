"""One test per kind of header, subject, issuer, căn cứ and signature fault the twelfth held-out round
(bench/holdout12) showed on its first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO, read_text

# Subject


def test_a_section_numbered_with_a_slash_ends_the_subject() -> None:
    # "BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ" / "THỰC HIỆN CÔNG TÁC PCGD" / "I/ ĐẶC ĐIỂM TÌNH HÌNH …": the body's first section,
    # numbered "I/" (or "I/-", "1/"), is not the subject going on
    for number in ("I/", "I/-", "1/"):
        text = f"""[head_left]
UBND XÃ ĐỨC BÌNH
**BCĐ PCGD**
Số 07/BC-PCGD
[head_right]
{MOTTO}
*Đức Bình, ngày 10 tháng 10 năm 2008*
[body]
**BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ**
**THỰC HIỆN CÔNG TÁC PHỔ CẬP GIÁO DỤC**
{number} ĐẶC ĐIỂM TÌNH HÌNH, THUẬN LỢI - KHÓ KHĂN.
**1. Đặc điểm tình hình.**
Xã có diện tích tự nhiên là 7.710 ha.
"""
        got = read_text(text)
        assert got["trich_yeu"] == "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC PHỔ CẬP GIÁO DỤC", number
