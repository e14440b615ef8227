"""Write the demo's documents with kehoach's own Nghị định 30 templates.

demo_plan.py OUT                    the province's plan, modelled on seed 004 (55/KH-UBND, Duyên Hải, 2019)
demo_plan.py OUT ward CODE NAME     a ward's own plan, căn cứ the province's
demo_plan.py OUT plan CODE NAME     a unit's plan answering the plan it was sent (what it uploads)
demo_plan.py OUT report CODE NAME   a unit's yearly report
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.render import RenderContext, render_document

MOTTO = "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”"
PROVINCE = RenderContext(
    so_ky_hieu="120/KH-UBND",
    co_quan_ban_hanh="Ủy ban nhân dân tỉnh Vĩnh Long",
    dia_danh="Vĩnh Long",
    ngay=date(2026, 11, 20),
    loai_van_ban="Kế hoạch",
    trich_yeu=f"Tổ chức thực hiện {MOTTO} giai đoạn 2026 - 2030",
    can_cu=[
        "Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của Ủy ban nhân dân tỉnh Trà Vinh về tổ chức thực hiện "
        f"{MOTTO} giai đoạn 2019 - 2025"
    ],
    body=[
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Nhằm tiếp tục nâng cao ý thức, đạo đức công vụ, đạo đức nghề nghiệp, văn hóa công vụ của cán bộ, công chức, "
        "viên chức; xây dựng phong cách, thái độ làm việc trách nhiệm cao, chuyên nghiệp, hiệu quả.",
        "2. Yêu cầu",
        "Phong trào thi đua phải được triển khai sâu rộng đến đội ngũ cán bộ, công chức, viên chức, người lao động "
        "với hình thức phong phú, thiết thực, phù hợp với tình hình thực tiễn.",
        "II. NỘI DUNG PHONG TRÀO THI ĐUA",
        "Đối với tập thể: thi đua xây dựng cơ quan, đơn vị văn hóa, hiện đại, xanh, sạch, đẹp. Đối với cán bộ, công "
        "chức, viên chức: thi đua thực hiện kỷ cương, trách nhiệm, tận tụy, chuyên nghiệp.",
        "III. THỜI GIAN THỰC HIỆN",
        "- Tháng 12 năm 2026: Phát động và triển khai thực hiện Phong trào thi đua.",
        "- Năm 2028: Sơ kết Phong trào thi đua.",
        "- Năm 2030: Tổng kết Phong trào thi đua.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "Căn cứ nội dung Kế hoạch này, các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường xây dựng kế hoạch "
        "thực hiện, gửi về Sở Nội vụ trước ngày 15 tháng 12 năm 2026; định kỳ hằng năm báo cáo kết quả thực hiện.",
    ],
    noi_nhan=["Bộ Nội vụ (b/c)", "TT. Tỉnh ủy, TT. HĐND tỉnh", "Các sở, ban, ngành tỉnh", "UBND các xã, phường"],
    luu="VT, NC",
    quyen_han_ky="TM. Ủy ban nhân dân",
    chuc_vu="Chủ tịch",
    nguoi_ky="Nguyễn Văn Minh",
)


def ward(name: str) -> RenderContext:
    """A ward's own plan, issued căn cứ the province's, asking its schools for plans and yearly reports."""
    return RenderContext(
        so_ky_hieu="15/KH-UBND",
        co_quan_ban_hanh=f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}",
        dia_danh=name.split(" ", 1)[1],
        ngay=date(2026, 11, 23),
        loai_van_ban="Kế hoạch",
        trich_yeu=f"Thực hiện {MOTTO} trên địa bàn {name[:1].lower()}{name[1:]}",
        can_cu=[f"Căn cứ Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long về {MOTTO}"],
        body=[
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Triển khai Phong trào thi đua đến toàn thể cán bộ, công chức, viên chức, giáo viên trên địa bàn.",
            "II. TỔ CHỨC THỰC HIỆN",
            "Các trường học trên địa bàn xây dựng kế hoạch, gửi về trước ngày 04 tháng 12 năm 2026; định kỳ hằng năm "
            "báo cáo kết quả thực hiện.",
        ],
        noi_nhan=["UBND tỉnh (b/c)", "Các trường học trên địa bàn"],
        quyen_han_ky="TM. Ủy ban nhân dân",
        chuc_vu="Chủ tịch",
        nguoi_ky="Trần Thị Hoa",
    )


def unit_plan(code: str, name: str, revised: bool = False) -> RenderContext:
    """What a unit uploads: its own plan answering the one it was sent (a school's answers its ward's); `revised`
    is the version sent again after it was returned."""
    body = name[:1].lower() + name[1:]
    school = name.startswith("Trường")
    basis = (
        "Căn cứ Kế hoạch số 15/KH-UBND ngày 23/11/2026 của Ủy ban nhân dân phường Phú Khương"
        if school
        else f"Căn cứ Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long về {MOTTO}"
    )
    return RenderContext(
        so_ky_hieu=f"{sum(map(ord, code)) % 90 + 10}/KH-UBND",
        co_quan_ban_hanh=name if name.startswith(("Sở", "Trường")) else f"Ủy ban nhân dân {body}",
        dia_danh="Vĩnh Long",
        ngay=date(2026, 11, 27),
        loai_van_ban="Kế hoạch",
        trich_yeu=f"Thực hiện {MOTTO} năm 2027",
        can_cu=[basis],
        body=[
            "I. MỤC ĐÍCH, YÊU CẦU",
            f"Nâng cao ý thức, trách nhiệm của cán bộ, công chức {body} trong thực thi công vụ.",
            "II. NỘI DUNG, GIẢI PHÁP",
            "Ban hành quy tắc ứng xử; niêm yết công khai thủ tục hành chính; ứng dụng công nghệ thông tin.",
            "III. TỔ CHỨC THỰC HIỆN",
            "Văn phòng theo dõi, tổng hợp, báo cáo kết quả hằng năm.",
            *(["(Bản đã bổ sung chữ ký, đóng dấu theo ý kiến của Sở Nội vụ.)"] if revised else []),
        ],
        noi_nhan=["UBND phường (b/c)" if school else "Sở Nội vụ (b/c)"],
        chuc_vu="Hiệu trưởng" if school else ("Giám đốc" if name.startswith("Sở") else "Chủ tịch"),
        nguoi_ky="Lê Văn An",
    )


def report(code: str, name: str) -> RenderContext:
    """A school's yearly report to its ward."""
    return RenderContext(
        so_ky_hieu=f"{sum(map(ord, code)) % 30 + 1:02d}/BC-TR",
        co_quan_chu_quan="UBND PHƯỜNG PHÚ KHƯƠNG",
        co_quan_ban_hanh=name,
        dia_danh="Phú Khương",
        ngay=date(2026, 12, 10),
        loai_van_ban="Báo cáo",
        trich_yeu=f"Kết quả thực hiện {MOTTO} năm 2026",
        kinh_gui=["Ủy ban nhân dân phường Phú Khương"],
        can_cu=["Thực hiện Kế hoạch số 15/KH-UBND ngày 23/11/2026 của Ủy ban nhân dân phường Phú Khương"],
        body=[
            "I. KẾT QUẢ THỰC HIỆN",
            f"{name} đã quán triệt kế hoạch đến toàn thể cán bộ, giáo viên, nhân viên; ban hành quy tắc ứng xử; "
            "100% cán bộ, giáo viên thực hiện đúng trang phục, giờ giấc.",
            "II. TỒN TẠI, HẠN CHẾ",
            "Việc ứng dụng công nghệ thông tin trong quản lý còn hạn chế.",
            "III. PHƯƠNG HƯỚNG NĂM 2027",
            "Tiếp tục duy trì nề nếp, kỷ cương; đẩy mạnh chuyển đổi số trong nhà trường.",
        ],
        noi_nhan=["Như trên"],
        chuc_vu="Hiệu trưởng",
        nguoi_ky="Phạm Thị Lan",
    )


def context(kind: str, code: str = "", name: str = "") -> RenderContext:
    """Return the demo document of a kind (province, ward, plan, report) for a unit."""
    if kind == "province":
        return PROVINCE
    if kind == "ward":
        return ward(name)
    if kind in ("plan", "revised"):
        return unit_plan(code, name, revised=kind == "revised")
    if kind == "report":
        return report(code, name)
    raise SystemExit(__doc__)


def document(kind: str, code: str = "", name: str = "") -> bytes:
    """Return the demo document of a kind as .docx bytes."""
    return render_document("bao_cao" if kind == "report" else "ke_hoach", context(kind, code, name))


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    out = Path(args[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(document(*(args[1:] or ["province"])))
    print(f"Đã tạo văn bản mẫu theo thể thức Nghị định 30: {out}")
