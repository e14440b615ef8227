"""One document of each kind we render (reports in their three variants), what a reader must find in it,
and LibreOffice run once for all of them."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import date

import pytest

from tasks.render import Heading, RenderContext, Table, render_document
from tests.docbuild import soffice

PLAN_REF = {"so_ky_hieu": "120/KH-UBND", "ngay": "2026-11-20", "co_quan": "Ủy ban nhân dân tỉnh Vĩnh Long"}
MOTTO = "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”"


@dataclass
class Case:
    kind: str
    ctx: RenderContext
    loai_van_ban: str
    can_cu: list[dict] = field(default_factory=list)
    noi_nhan: list[tuple[str, str]] = field(default_factory=list)
    deadlines: list[tuple] = field(default_factory=list)  # (kind, date, year, period)


CASES = {
    "ke_hoach": Case(
        "ke_hoach",
        RenderContext(
            so_ky_hieu="120/KH-UBND",
            co_quan_ban_hanh="Ủy ban nhân dân tỉnh Vĩnh Long",
            dia_danh="Vĩnh Long",
            ngay=date(2026, 11, 20),
            loai_van_ban="Kế hoạch",
            trich_yeu=f"Tổ chức thực hiện {MOTTO} giai đoạn 2026 - 2030",
            can_cu=[
                "Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của Ủy ban nhân dân tỉnh Trà Vinh về tổ chức thực "
                f"hiện {MOTTO} giai đoạn 2019 - 2025",
                "Căn cứ tình hình thực tế của địa phương",
            ],
            body=[
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Mục đích",
                "Tiếp tục nâng cao ý thức, đạo đức công vụ, văn hóa công vụ của cán bộ, công chức, viên chức; "
                "xây dựng phong cách ứng xử chuẩn mực, tận tụy, chuyên nghiệp. " * 3,
                "2. Yêu cầu",
                "Việc triển khai phải thiết thực, hiệu quả, gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị. " * 4,
                Heading(text="II. TỔ CHỨC THỰC HIỆN"),
                "Ủy ban nhân dân các xã, phường xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ trước ngày 15 tháng "
                "12 năm 2026; định kỳ hằng năm báo cáo kết quả thực hiện.",
                "- Năm 2028: Sơ kết Phong trào thi đua.",
                "- Năm 2030: Tổng kết Phong trào thi đua.",
            ],
            noi_nhan=["Bộ Nội vụ (b/c)", "TT. Tỉnh ủy, TT. HĐND tỉnh (b/c)", "UBND các xã, phường"],
            luu="VT, NC",
            quyen_han_ky="TM. Ủy ban nhân dân",
            chuc_vu="Chủ tịch",
            nguoi_ky="Nguyễn Văn Minh",
        ),
        "Kế hoạch",
        can_cu=[{"so_ky_hieu": "66/KH-UBND", "ngay": "2019-08-20", "co_quan": "Ủy ban nhân dân tỉnh Trà Vinh"}],
        noi_nhan=[
            ("Bộ Nội vụ (b/c);", "de_biet"),
            ("TT. Tỉnh ủy, TT. HĐND tỉnh (b/c);", "de_biet"),
            ("UBND các xã, phường;", "thuc_hien"),
            ("Lưu: VT, NC.", "luu"),
        ],
        deadlines=[
            ("submit_plan", "2026-12-15", 2026, None),
            ("periodic_report", None, None, "annual"),
            ("so_ket", None, 2028, None),
            ("tong_ket", None, 2030, None),
        ],
    ),
    "bao_cao_tong_hop": Case(
        "bao_cao",
        RenderContext(
            so_ky_hieu="12/BC-SNV",
            co_quan_chu_quan="UBND tỉnh Vĩnh Long",
            co_quan_ban_hanh="Sở Nội vụ",
            dia_danh="Vĩnh Long",
            ngay=date(2027, 2, 5),
            loai_van_ban="Báo cáo",
            trich_yeu=f"Tổng hợp kết quả xây dựng kế hoạch thực hiện {MOTTO} năm 2026",
            kinh_gui=["Ủy ban nhân dân tỉnh Vĩnh Long"],
            can_cu=["Thực hiện Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long"],
            body=[
                "I. KẾT QUẢ",
                "Đến nay có 118/124 xã, phường đã gửi kế hoạch; 6 đơn vị chưa gửi.",
                Table(
                    header=["STT", "Đơn vị", "Hạn nộp", "Tình trạng"],
                    rows=[
                        [1, "Xã Giao Long", "15/12/2026", "Chưa nộp"],
                        [2, "Phường An Hội", "15/12/2026", "Nộp muộn 3 ngày"],
                    ],
                ),
                "II. KIẾN NGHỊ",
                "Đề nghị Ủy ban nhân dân tỉnh nhắc nhở các đơn vị chưa gửi kế hoạch.",
            ],
            noi_nhan=["Như trên", "Giám đốc Sở", "Lưu: VT, CCVC"],
            quyen_han_ky="KT. Giám đốc",
            chuc_vu="Phó Giám đốc",
            nguoi_ky="Trần Thị Hoa",
        ),
        "Báo cáo",
        can_cu=[PLAN_REF],
        noi_nhan=[("Như trên;", "thuc_hien"), ("Giám đốc Sở;", "thuc_hien"), ("Lưu: VT, CCVC.", "luu")],
    ),
    "bao_cao_so_ket": Case(
        "bao_cao",
        RenderContext(
            so_ky_hieu="87/BC-UBND",
            co_quan_ban_hanh="Ủy ban nhân dân thị xã Duyên Hải",
            dia_danh="Duyên Hải",
            ngay=date(2022, 9, 30),
            loai_van_ban="Báo cáo",
            trich_yeu=f"Sơ kết 03 năm thực hiện {MOTTO} giai đoạn 2019 - 2025",
            kinh_gui=["Ủy ban nhân dân tỉnh Trà Vinh"],
            can_cu=["Thực hiện Kế hoạch số 55/KH-UBND ngày 26/8/2019 của Ủy ban nhân dân thị xã Duyên Hải"],
            body=[
                "I. KẾT QUẢ THỰC HIỆN",
                "Các cơ quan, đơn vị đã xây dựng kế hoạch và triển khai thực hiện.",
                "II. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2022 - 2025",
                "Tiếp tục thực hiện và tổng kết vào năm 2025.",
            ],
            noi_nhan=["Như trên", "Sở Nội vụ tỉnh Trà Vinh (để biết)"],
            luu="VT, NV",
            quyen_han_ky="TM. Ủy ban nhân dân",
            chuc_vu="Chủ tịch",
            nguoi_ky="Lê Văn Dũng",
        ),
        "Báo cáo",
        can_cu=[{"so_ky_hieu": "55/KH-UBND", "ngay": "2019-08-26", "co_quan": "Ủy ban nhân dân thị xã Duyên Hải"}],
        noi_nhan=[
            ("Như trên;", "thuc_hien"),
            ("Sở Nội vụ tỉnh Trà Vinh (để biết);", "de_biet"),
            ("Lưu: VT, NV.", "luu"),
        ],
        deadlines=[("tong_ket", None, 2025, None)],
    ),
    "bao_cao_tong_ket": Case(
        "bao_cao",
        RenderContext(
            so_ky_hieu="05/BC-MNTT",
            co_quan_chu_quan="Ủy ban nhân dân Quận 1",
            co_quan_ban_hanh="Trường Mầm non Tuổi Thơ",
            dia_danh="Quận 1",
            ngay=date(2025, 12, 1),
            loai_van_ban="Báo cáo",
            trich_yeu=f"Tổng kết {MOTTO} giai đoạn 2019 - 2025",
            kinh_gui=["Phòng Nội vụ Quận 1"],
            body=["I. KẾT QUẢ", "Toàn trường thực hiện tốt nội quy, quy chế văn hóa công sở."],
            noi_nhan=["Như trên"],
            chuc_vu="Hiệu trưởng",
            nguoi_ky="Phạm Thị Lan",
        ),
        "Báo cáo",
        noi_nhan=[("Như trên;", "thuc_hien"), ("Lưu: VT.", "luu")],
    ),
    "cong_van_don_doc": Case(
        "cong_van_don_doc",
        RenderContext(
            so_ky_hieu="125/SNV-CCVC",
            co_quan_chu_quan="UBND tỉnh Vĩnh Long",
            co_quan_ban_hanh="Sở Nội vụ",
            dia_danh="Vĩnh Long",
            ngay=date(2026, 12, 18),
            trich_yeu="Đôn đốc gửi kế hoạch thực hiện Phong trào thi đua",
            kinh_gui=["Ủy ban nhân dân xã Giao Long", "Ủy ban nhân dân phường An Hội"],
            body=[
                "Thực hiện Kế hoạch số 120/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Vĩnh Long, đến ngày "
                "18/12/2026 các đơn vị sau chưa gửi kế hoạch về Sở Nội vụ:",
                Table(
                    header=["STT", "Đơn vị", "Hạn nộp", "Quá hạn"],
                    rows=[[1, "Xã Giao Long", "15/12/2026", "3 ngày"], [2, "Phường An Hội", "15/12/2026", "3 ngày"]],
                ),
                "Sở Nội vụ đề nghị các đơn vị khẩn trương gửi kế hoạch trước ngày 23/12/2026.",
            ],
            noi_nhan=["Như trên", "UBND tỉnh (b/c)"],
            luu="VT, CCVC",
            quyen_han_ky="KT. Giám đốc",
            chuc_vu="Phó Giám đốc",
            nguoi_ky="Trần Thị Hoa",
        ),
        "Công văn",
        can_cu=[PLAN_REF],  # a công văn opens its body with "Thực hiện Kế hoạch số …"
        deadlines=[("submit_plan", "2026-12-23", 2026, None)],
        noi_nhan=[("Như trên;", "thuc_hien"), ("UBND tỉnh (b/c);", "de_biet"), ("Lưu: VT, CCVC.", "luu")],
    ),
    "thong_bao": Case(
        "thong_bao",
        RenderContext(
            so_ky_hieu="08/TB-UBND",
            co_quan_ban_hanh="Ủy ban nhân dân tỉnh Vĩnh Long",
            dia_danh="Vĩnh Long",
            ngay=date(2026, 11, 20),
            loai_van_ban="Thông báo",
            trich_yeu=f"Ban hành Kế hoạch tổ chức thực hiện {MOTTO}",
            body=[
                "Ủy ban nhân dân tỉnh gửi kèm Kế hoạch số 120/KH-UBND ngày 20/11/2026 và đề nghị các cơ quan, "
                "đơn vị triển khai thực hiện."
            ],
            noi_nhan=["UBND các xã, phường", "Các sở, ban, ngành tỉnh"],
            luu="VT, NC",
            quyen_han_ky="TL. Chủ tịch",
            chuc_vu="Chánh Văn phòng",
            nguoi_ky="Võ Thành Công",
        ),
        "Thông báo",
        noi_nhan=[
            ("UBND các xã, phường;", "thuc_hien"),
            ("Các sở, ban, ngành tỉnh;", "thuc_hien"),
            ("Lưu: VT, NC.", "luu"),
        ],
    ),
    "phieu_bien_nhan": Case(
        "phieu_bien_nhan",
        RenderContext(
            so_ky_hieu="431/PBN-SNV",
            co_quan_chu_quan="UBND tỉnh Vĩnh Long",
            co_quan_ban_hanh="Sở Nội vụ",
            dia_danh="Vĩnh Long",
            ngay=date(2026, 11, 23),
            loai_van_ban="Phiếu biên nhận",
            trich_yeu="Kế hoạch của Ủy ban nhân dân phường Phú Khương",
            body=[
                "Sở Nội vụ đã nhận văn bản: Kế hoạch số 15/KH-UBND ngày 23/11/2026 của Ủy ban nhân dân phường "
                "Phú Khương, tệp ke-hoach-15.docx, lúc 09 giờ 15 phút.",
                "Văn bản được nhận đúng hạn.",
            ],
            noi_nhan=["Ủy ban nhân dân phường Phú Khương"],
            chuc_vu="Văn thư",
            nguoi_ky="Đỗ Thị Mai",
        ),
        "Phiếu biên nhận",
        noi_nhan=[("Ủy ban nhân dân phường Phú Khương;", "thuc_hien"), ("Lưu: VT.", "luu")],
    ),
}

_PDFS: dict[str, bytes] = {}


def rendered(name: str) -> bytes:
    """Return the .docx of a case."""
    return render_document(CASES[name].kind, CASES[name].ctx)


def libreoffice_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Convert every case to PDF in one LibreOffice run with a fresh profile, once a test session."""
    if not _PDFS:
        work = tmp_path_factory.mktemp("libreoffice")
        files = []
        for name in CASES:
            files.append(work / f"{name}.docx")
            files[-1].write_bytes(rendered(name))
        done = subprocess.run(
            [
                soffice(),
                "--headless",
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        for f in files:
            pdf = f.with_suffix(".pdf")
            assert pdf.exists(), f"LibreOffice did not convert {f.name}: {done.stdout} {done.stderr}"
            _PDFS[f.stem] = pdf.read_bytes()
    return _PDFS
