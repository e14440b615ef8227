"""Write the demo's documents with kehoach's own Nghị định 30 templates: the province's plan and a ward's."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.render import RenderContext, render_document

PROVINCE = RenderContext(
    so_ky_hieu="120/KH-UBND",
    co_quan_ban_hanh="Ủy ban nhân dân tỉnh Vĩnh Long",
    dia_danh="Vĩnh Long",
    ngay=date(2026, 11, 20),
    loai_van_ban="Kế hoạch",
    trich_yeu="Tổ chức thực hiện Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” "
    "giai đoạn 2026 - 2030",
    can_cu=[
        "Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của Ủy ban nhân dân tỉnh Trà Vinh về tổ chức thực hiện "
        "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” giai đoạn 2019 - 2025"
    ],
    body=[
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Tiếp tục nâng cao ý thức, đạo đức công vụ, văn hóa công vụ của cán bộ, công chức, viên chức.",
        "II. TỔ CHỨC THỰC HIỆN",
        "Ủy ban nhân dân các xã, phường xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ trước ngày 15 tháng 12 năm "
        "2026; định kỳ hằng năm báo cáo kết quả thực hiện.",
        "- Năm 2028: Sơ kết Phong trào thi đua.",
        "- Năm 2030: Tổng kết Phong trào thi đua.",
    ],
    noi_nhan=["Bộ Nội vụ (b/c)", "TT. Tỉnh ủy, TT. HĐND tỉnh", "UBND các xã, phường"],
    luu="VT, NC",
    quyen_han_ky="TM. Ủy ban nhân dân",
    chuc_vu="Chủ tịch",
    nguoi_ky="Nguyễn Văn Minh",
)
# What a ward sends back: its own plan, issued "căn cứ" the province's.
WARD = RenderContext(
    so_ky_hieu="15/KH-UBND",
    co_quan_ban_hanh="Ủy ban nhân dân phường Phú Khương",
    dia_danh="Phú Khương",
    ngay=date(2026, 11, 23),
    loai_van_ban="Kế hoạch",
    trich_yeu="Thực hiện Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”",
    can_cu=["Căn cứ Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long"],
    body=["I. MỤC ĐÍCH, YÊU CẦU", "Triển khai đến toàn thể cán bộ, công chức phường."],
    noi_nhan=["UBND tỉnh (b/c)"],
    quyen_han_ky="TM. Ủy ban nhân dân",
    chuc_vu="Chủ tịch",
    nguoi_ky="Trần Thị Hoa",
)

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render_document("ke_hoach", WARD if sys.argv[2:] == ["xa"] else PROVINCE))
    print(f"Đã tạo văn bản mẫu theo thể thức Nghị định 30: {out}")
