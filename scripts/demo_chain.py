"""The demo's chain, once `kehoach serve` is up: every step a `kehoach` command (run in this one process, so the
interpreter and Prefect load once, not thirty times), the clock moved between them, units uploading through the
portal over HTTP. scripts/demo.sh starts serve, runs this, and stops serve.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from cli.prefect_env import quiet_prefect  # noqa: E402

quiet_prefect()  # before anything imports Prefect: its home under the data dir, its console lines off

DATA = Path(os.environ["KEHOACH_DATA_DIR"])
NOW_FILE = Path(os.environ["KEHOACH_NOW_FILE"])
WARD = "28756"  # Phường Phú Khương
WARDS_ON_TIME = ["28777", "28783", "28789", "28807", "28810", "28840", "28858", "28861", "28870", "28879", "28894"]
WARDS_LATE = ["28903", "28915"]


def step(title: str) -> None:
    print(f"\n\033[1m== {title} ==\033[0m", flush=True)


def at(when: str) -> None:
    """Move every process's clock: this one's, the portal's, the served flows'."""
    tmp = NOW_FILE.with_suffix(".tmp")
    tmp.write_text(when + "\n")
    tmp.replace(NOW_FILE)
    print(f"\033[2m(đồng hồ: {when})\033[0m", flush=True)


def kehoach(line: str, *, quiet: bool = False) -> str:
    """Run one `kehoach` command as typed, print what it prints (unless quiet), return it; stop the demo on error."""
    from cli.console import report
    from cli.main import app

    print(f"\033[36m$ kehoach {line}\033[0m", flush=True)
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            app(args=shlex.split(line), standalone_mode=False, prog_name="kehoach")
    except Exception as exc:  # the command's own one-line error, then the demo stops
        print(buf.getvalue(), end="")
        code = report(exc)
        raise SystemExit(code or 1) from exc
    finally:
        if not quiet:
            print(buf.getvalue(), end="", flush=True)
    return buf.getvalue()


def upload(plan: str, kind: str, codes: list[str]) -> None:
    """Units open the link their e-mail carried and send their file through the portal."""
    from demo_portal import main as portal

    print(f"\033[36m# {len(codes)} đơn vị nộp qua cổng ({kind}, theo {plan})\033[0m", flush=True)
    if portal(plan, kind, codes):
        raise SystemExit(1)


def plan_ref(number: str) -> str:
    from tasks.plans.status import list_plans

    return next(p["ref"] for p in list_plans() if p["so_ky_hieu"] == number)


def main() -> None:
    from demo_plan import document

    started = time.monotonic()
    step("3. Tỉnh soạn kế hoạch theo mẫu Nghị định 30 (mô phỏng kế hoạch 55/KH-UBND của thị xã Duyên Hải), đọc lại")
    province_file = DATA / "ke-hoach-120.docx"
    province_file.write_bytes(document("province"))
    kehoach(f"inspect {province_file}")

    step("4. Ban hành cho các sở và 124 xã, phường; lãnh đạo phê duyệt → mỗi đơn vị một thư kèm đường dẫn riêng")
    kehoach(f"plan issue {province_file} --issuer 86 --to children", quiet=True)
    p = plan_ref("120/KH-UBND")
    print(f"Kế hoạch 120/KH-UBND đã đăng ký, REF {p}, chờ phê duyệt.")
    at("2026-11-20T10:00:00+07:00")
    kehoach(f'approve {p} --by "Nguyễn Văn Minh"')

    step("5. Phường Phú Khương ban hành kế hoạch của mình căn cứ kế hoạch tỉnh, cho các trường trên địa bàn")
    at("2026-11-23T09:00:00+07:00")
    ward_file = DATA / "ke-hoach-15-phu-khuong.docx"
    ward_file.write_bytes(document("ward", WARD, "Phường Phú Khương"))
    out = kehoach(f"plan issue {ward_file} --issuer {WARD} --to children --yes", quiet=True)
    print("\n".join(line for line in out.splitlines() if "cấp trên" in line or "REF" in line or "Đã ban hành" in line))
    w = plan_ref("15/KH-UBND")

    step("6. Các đơn vị mở đường dẫn trong thư, nộp kế hoạch qua cổng nộp (HTTP), đúng hạn")
    at("2026-11-27T09:30:00+07:00")
    upload("120/KH-UBND", "ke-hoach", ["SNV", "SGDDT", *WARDS_ON_TIME])
    upload("15/KH-UBND", "ke-hoach", ["PK-MN", "PK-TH"])

    step("7. Văn phòng thu nhận, xem xét: tiếp nhận một bản, trả lại một bản để bổ sung")
    at("2026-12-01T09:00:00+07:00")
    kehoach("collect")
    kehoach(f'review {p} --unit SNV --accept --by "Lê Thị Thu"')
    kehoach(f'review {p} --unit 28789 --return "Thiếu chữ ký, đóng dấu của lãnh đạo" --by "Lê Thị Thu"')

    step(
        "8. Đến 10/12: nhắc hạn; đơn vị bị trả lại gửi bản mới; các trường gửi báo cáo năm qua đường dẫn trong thư nhắc"
    )
    at("2026-12-10T08:00:00+07:00")
    kehoach("watch")
    at("2026-12-10T10:00:00+07:00")
    upload("120/KH-UBND", "ke-hoach-bo-sung", ["28789"])
    upload("15/KH-UBND", "bao-cao", ["PK-MN", "PK-TH"])

    step("9. Ngày 15/12: phường tiếp nhận báo cáo của trường, tổng hợp báo cáo năm 2026, ký, gửi lên tỉnh đúng hạn")
    at("2026-12-15T09:00:00+07:00")
    kehoach(f'review {w} --unit PK-MN --accept --requirement bao-cao --by "Văn phòng phường"')
    report = DATA / "bao-cao-2026-phu-khuong.docx"
    kehoach(f"compile {w} --period 2026 --out {report}")
    read = kehoach(f"inspect {report}", quiet=True)
    print("\n".join(line for line in read.splitlines() if line.startswith(("Loại", "Trích yếu", "Căn cứ"))))
    kehoach(f"submit {p} --unit {WARD} {report}")

    step("10. Đến 17/12, quá hạn 15/12: đôn đốc đơn vị chưa nộp; vài đơn vị nộp muộn")
    at("2026-12-17T08:00:00+07:00")
    kehoach("watch")
    at("2026-12-17T14:00:00+07:00")
    upload("120/KH-UBND", "ke-hoach", ["SYT", *WARDS_LATE])

    step("11. Tỉnh: cây kế hoạch, dự thảo báo cáo tổng hợp (gửi vào hộp thư văn phòng), sổ văn bản đi và đến")
    tree = kehoach(f"plan tree {p}", quiet=True).splitlines()
    print("\n".join(tree[:12] + ["…"] + [line for line in tree if line.startswith(("│ 1", "│ 2", "┃ Cấp"))]))
    at("2026-12-18T09:00:00+07:00")
    kehoach(f"compile {p} --out {DATA / 'bao-cao-tong-hop-120.docx'} --mail")
    kehoach(f"registers --year 2026 --xlsx {DATA / 'so-van-ban-2026.xlsx'}")

    step("12. Tóm tắt")
    from tasks.plans.status import find_plan_id, plan_status

    for ref in (p, w):
        st = plan_status.fn(find_plan_id.fn(ref))
        states = Counter(u["state_label"] for u in st["units"])
        late = Counter(u["timeliness_label"] for u in st["units"] if u["timeliness"] in ("late", "overdue", "locked"))
        print(
            f"{st['so_ky_hieu']} ({st['status_label']}, REF {ref}): {st['counts']['total']} nghĩa vụ — "
            + ", ".join(f"{k} {v}" for k, v in states.most_common())
            + (f"; trong đó {', '.join(f'{k.lower()} {v}' for k, v in late.most_common())}" if late else "")
        )
    mails = len(list((DATA / "mail").glob("*.eml")))
    print(f"Thư đã gửi: {mails} thư, mỗi thư một tệp .eml trong {DATA / 'mail'} (xem nhanh: kehoach mailbox)")
    print(f"Văn bản: kế hoạch và dự thảo báo cáo trong {DATA}, {DATA / 'out'}; tệp đơn vị nộp: {DATA / 'files'}")
    print(f"Sổ văn bản đi, đến: {DATA / 'so-van-ban-2026.xlsx'}")
    print(f"(chuỗi lệnh chạy trong {time.monotonic() - started:.0f} giây)")


if __name__ == "__main__":
    main()
