"""Benchmark: milliseconds to render a receipt, a 3-page plan and a large report from the templates.

    .venv/bin/python -m bench.render_speed [N]

Prints ms per document, and, for comparison, python-docx alone opening and saving the same template (the
floor a python-docx filler could not go below).
"""

from __future__ import annotations

import io
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.render import TEMPLATES, Heading, RenderContext, Table, render_document

PARAGRAPH = (
    "Các cơ quan, đơn vị, địa phương xây dựng kế hoạch cụ thể, phân công cán bộ theo dõi, định kỳ báo cáo kết quả "
    "thực hiện về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định. "
)
COMMON = {
    "co_quan_chu_quan": "UBND tỉnh Vĩnh Long",
    "co_quan_ban_hanh": "Sở Nội vụ",
    "dia_danh": "Vĩnh Long",
    "ngay": date(2027, 2, 5),
    "noi_nhan": ["Như trên", "UBND tỉnh (b/c)"],
    "luu": "VT, CCVC",
    "quyen_han_ky": "KT. Giám đốc",
    "chuc_vu": "Phó Giám đốc",
    "nguoi_ky": "Trần Thị Hoa",
}
RECEIPT = RenderContext(
    so_ky_hieu="431/PBN-SNV",
    loai_van_ban="Phiếu biên nhận",
    trich_yeu="Kế hoạch của UBND phường Phú Khương",
    body=["Sở Nội vụ đã nhận Kế hoạch số 15/KH-UBND ngày 23/11/2026 của UBND phường Phú Khương, lúc 09 giờ 15."],
    **COMMON,
)
PLAN = RenderContext(  # three pages in LibreOffice
    so_ky_hieu="120/KH-UBND",
    loai_van_ban="Kế hoạch",
    trich_yeu="Tổ chức thực hiện Phong trào thi đua năm 2027",
    can_cu=["Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của Ủy ban nhân dân tỉnh Trà Vinh"] * 2,
    body=[b for i in range(1, 7) for b in (Heading(text=f"{i}. Nhiệm vụ {i}"), PARAGRAPH * 3, PARAGRAPH * 2)],
    **COMMON,
)
REPORT = RenderContext(
    so_ky_hieu="12/BC-SNV",
    loai_van_ban="Báo cáo",
    trich_yeu="Tổng hợp kết quả xây dựng kế hoạch năm 2026",
    kinh_gui=["Ủy ban nhân dân tỉnh Vĩnh Long"],
    body=[
        "I. KẾT QUẢ",
        Table(
            header=["STT", "Đơn vị", "Hạn nộp", "Tình trạng"],
            rows=[[i, f"Xã {i}", "15/12/2026", "Chưa nộp"] for i in range(1, 125)],
        ),
    ],
    **COMMON,
)


def _ms(fn, n: int) -> float:
    fn()
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) * 1000 / n


def main(n: int) -> None:
    """Print ms per document for each case."""
    import docx

    for what, kind, ctx in (
        ("receipt (phiếu biên nhận, 1 page)", "phieu_bien_nhan", RECEIPT),
        ("plan (kế hoạch, 3 pages)", "ke_hoach", PLAN),
        ("report with a 124-unit table", "bao_cao", REPORT),
    ):
        size = len(render_document(kind, ctx)) / 1024
        print(f"{what:36s} {_ms(lambda k=kind, c=ctx: render_document(k, c), n):6.2f} ms  {size:5.1f} KB")
    template = (TEMPLATES / "phieu_bien_nhan.docx").read_bytes()

    def open_and_save() -> None:
        docx.Document(io.BytesIO(template)).save(io.BytesIO())

    print(f"{'python-docx open+save, same template':36s} {_ms(open_and_save, n):6.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
