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


# Issuer


def test_a_text_whose_tone_marks_came_loose_does_not_spell_the_issuer() -> None:
    # "SỞ GIÁO DỤC VÀ ĐÀO TẠO" over a text whose marks the page detached from their letters ("Sở Giao duc và Đao
    # tao. ́ ̣ ̀ ̣"): the text's spelling lost the name's marks, it does not win over the header's
    text = f"""[head_left]
UBND TỈNH NINH THUẬN
**SỞ GIÁO DỤC VÀ ĐÀO TẠO**
Số: 2918/SGDĐT-VP
V/v báo cáo tinh hình thiêt hai do lũ lụt
[head_right]
{MOTTO}
*Phan Rang-Tháp Chàm, ngày 06 tháng 11 năm 2010*
[body]
Kính gửi: Bộ Giao duc và Đao tao. \u0301 \u0323 \u0300 \u0323
Sở Giao duc và Đao tao bao cao như sau: \u0301 \u0301 \u0300 \u0301 \u0323
"""
    assert read_text(text)["co_quan_ban_hanh"] == "Sở Giáo dục và Đào tạo"
