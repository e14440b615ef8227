"""One test per kind of fault the eighth held-out round (bench/holdout8) showed on its first run, each written
small and apart from the documents it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO
from tests.tasks.reading.kinds import read_text as _read

# Căn cứ


def test_a_proposal_after_xet_and_another_ground() -> None:
    # "Xét tình hình thực tế ở địa phương và theo đề nghị của … tại Công văn số …": the proposal is a căn cứ
    text = f"""[head_left]
ỦY BAN NHÂN DÂN
**TỈNH HÀ NAM**
Số: 12/QĐ-UBND
[head_right]
{MOTTO}
*Hà Nam, ngày 08 tháng 9 năm 2015*
[body]
**QUYẾT ĐỊNH**
**VỀ VIỆC BAN HÀNH QUY ĐỊNH BẦU TRƯỞNG THÔN**
**ỦY BAN NHÂN DÂN TỈNH HÀ NAM**
*Căn cứ Nghị định số 79/2003/NĐ-CP ngày 07/7/2003 của Chính phủ ban hành Quy chế thực hiện dân chủ ở xã;*
*Xét tình hình thực tế ở địa phương và theo đề nghị của Giám đốc Sở Nội vụ tại Công văn số 718/SNV ngày 19/8/2015,*
**QUYẾT ĐỊNH**
**Điều 1.** Ban hành kèm theo Quyết định này bản Quy định.
"""
    assert [c["so_ky_hieu"] for c in _read(text)["can_cu"]] == ["79/2003/NĐ-CP", "718/SNV"]
    assert _read(text)["can_cu"][1]["co_quan"] == "Giám đốc Sở Nội vụ"
