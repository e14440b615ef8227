"""Benchmark: milliseconds to render each kind of document from its template.

.venv/bin/python -m bench.render_speed [N]
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.render import KINDS, RenderContext, Table, render_document  # noqa: E402


def _ctx(big: bool) -> RenderContext:
    body: list = ["I. MỤC ĐÍCH", "Nội dung. " * 40] * (10 if big else 1)
    if big:
        body.append(Table(["STT", "Đơn vị", "Tình trạng"], [[str(i), f"Xã {i}", "Chưa nộp"] for i in range(124)]))
    return RenderContext(
        so_ky_hieu="12/KH-UBND", co_quan_ban_hanh="Ủy ban nhân dân tỉnh Vĩnh Long", dia_danh="Vĩnh Long",
        ngay=date(2027, 2, 5), loai_van_ban="Kế hoạch", trich_yeu="Tổ chức thực hiện phong trào thi đua",
        can_cu=["Căn cứ Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long"], body=body,
        noi_nhan=["UBND các xã, phường"], quyen_han_ky="TM. Ủy ban nhân dân", chuc_vu="Chủ tịch",
        nguoi_ky="Nguyễn Văn Minh",
    )  # fmt: skip


def main(n: int) -> None:
    for big in (False, True):
        what = "report, 10 sections and a 124-row table" if big else "one page (a receipt, a notice)"
        for kind in KINDS:
            ctx = _ctx(big)
            render_document(kind, ctx)
            t = time.perf_counter()
            for _ in range(n):
                data = render_document(kind, ctx)
            print(f"{what:42s} {kind:18s} {(time.perf_counter() - t) * 1000 / n:6.1f} ms  {len(data) / 1024:5.1f} KB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
