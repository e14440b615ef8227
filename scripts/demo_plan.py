"""Write the demo's plan: a province plan in the Nghị định 30 layout, modelled on seed 004."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import PlanSpec, plan_docx  # noqa: E402

SPEC = PlanSpec(
    so_ky_hieu="120/KH-UBND",
    parent_body="",
    issuer_body="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
    place="Vĩnh Long",
    issued_on=date(2026, 11, 20),
    can_cu=[
        "Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của Ủy ban nhân dân tỉnh Trà Vinh về tổ chức thực hiện "
        "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” giai đoạn 2019 - 2025."
    ],
    body=[
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Tiếp tục nâng cao ý thức, đạo đức công vụ, văn hóa công vụ của cán bộ, công chức, viên chức.",
        "II. TỔ CHỨC THỰC HIỆN",
        "Ủy ban nhân dân các xã, phường xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ trước ngày 15 tháng 12 năm 2026; "
        "định kỳ hằng năm báo cáo kết quả thực hiện.",
        "- Năm 2027: Sơ kết Phong trào thi đua.",
        "- Năm 2030: Tổng kết Phong trào thi đua.",
    ],
    noi_nhan=["Bộ Nội vụ;", "TT. Tỉnh ủy, TT. HĐND tỉnh;", "UBND các xã, phường;", "Lưu: VT, NC."],
    authority="TM. ỦY BAN NHÂN DÂN",
    title="CHỦ TỊCH",
    signer="Nguyễn Văn Minh",
)

# What a ward sends back: its own plan, issued "căn cứ" the province's.
WARD = PlanSpec(
    so_ky_hieu="15/KH-UBND",
    parent_body="",
    issuer_body="ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
    place="Phú Khương",
    issued_on=date(2026, 11, 23),
    subject="Thực hiện Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”",
    can_cu=["Căn cứ Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long."],
    body=["I. MỤC ĐÍCH, YÊU CẦU", "Triển khai đến toàn thể cán bộ, công chức phường."],
    noi_nhan=["UBND tỉnh (b/c);", "Lưu: VT."],
    signer="Trần Thị Hoa",
)

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(plan_docx(WARD if sys.argv[2:] == ["xa"] else SPEC))
    print(f"Đã tạo kế hoạch mẫu: {out}")
