"""The Công văn đôn đốc: a letter from the issuer to the units that are late, listing what each has not sent."""

from __future__ import annotations

from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from models.db import session_scope
from models.documents import get_document, issuing_body
from models.org import get_unit
from models.oversight_queries import list_overdue
from tasks.followup.items import period_words, short_date
from tasks.render import RenderContext, Table, render_to_file
from tasks.report_parts import place_of

NAMED = 10
# what a unit has not sent, as the letter names it
NOUNS = {
    "submit_plan": "kế hoạch thực hiện",
    "periodic_report": "báo cáo định kỳ",
    "so_ket": "báo cáo sơ kết",
    "tong_ket": "báo cáo tổng kết",
}  # more late units than this: "Kính gửi" names them by the list in the letter


@task(name="write-chase-letter")
def write_chase_letter(document_id: int) -> dict:
    """Render a Công văn đôn đốc from the plan's issuer to every unit late under it; return its path and the units.

    The number is left blank for the records office (văn thư) to give when it is signed; the signer is the plan's.

    Args:
        document_id: the plan.
    """
    today = clock.today()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        issuer = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
        parent = get_unit(session=session, unit_id=issuer.parent_id) if issuer and issuer.parent_id else None
        late = list_overdue(session=session, document_id=document_id, today=today)
    if not late:
        raise KehoachError(
            f"không có đơn vị nào quá hạn theo {doc.so_ky_hieu or doc.ref} đến {clock.vn_date_long(today)}: "
            "chưa cần công văn đôn đốc.",
            "nobody_late",
            f"Xem tình hình: kehoach plan status {doc.ref}",
        )
    issuer_name = issuing_body(doc, issuer) or "Cơ quan ban hành"
    units: dict[str, str] = {}
    rows = []
    whats: list[str] = []
    for _ob, _unit_id, code, name, period, due, _lock, _state, kind, title in late:
        units.setdefault(code, name)
        label, _w = period_words(kind, period or None)
        what = (title or "") + (f", kỳ {label}" if label else "")
        whats.append(NOUNS.get(kind, "văn bản"))
        days = workdays.working_days_between(due, today)
        rows.append([len(rows) + 1, name, what, short_date(due), f"{days} ngày làm việc"])
    what_words = ", ".join(dict.fromkeys(whats))
    new_due = workdays.add_working_days(today, get_settings().return_working_days)
    plan = f"{doc.doc_type} số {doc.so_ky_hieu}" if doc.so_ky_hieu else f"{doc.doc_type} “{doc.subject}”"
    issued = f" ngày {short_date(doc.issued_on)}" if doc.issued_on else ""
    names = list(units.values())
    ctx = RenderContext(
        so_ky_hieu=None,
        co_quan_chu_quan=parent.name if parent else "",
        co_quan_ban_hanh=issuer_name,
        dia_danh=place_of(doc, issuer_name),
        ngay=today,
        trich_yeu=f"đôn đốc gửi {what_words} theo {plan}",
        kinh_gui=names if len(names) <= NAMED else ["Các đơn vị có tên trong danh sách dưới đây"],
        body=[
            f"Thực hiện {plan}{issued} của {issuer_name} về {doc.subject}, đến {clock.vn_date_long(today)}, "
            f"{len(names)} đơn vị sau chưa gửi {what_words} về {issuer_name}:",
            Table(header=["STT", "Đơn vị", "Nội dung chưa gửi", "Hạn nộp", "Đã quá hạn"], rows=rows),
            f"{issuer_name} đề nghị Thủ trưởng các đơn vị nêu trên khẩn trương chỉ đạo hoàn thành và gửi về trước "
            f"{clock.vn_date_long(new_due)}, qua đường dẫn riêng của đơn vị trong thư thông báo (đơn vị cần gửi lại "
            "đường dẫn xin liên hệ văn thư).",
            f"Sau thời hạn trên, {issuer_name} sẽ tổng hợp, báo cáo cấp có thẩm quyền các đơn vị chưa thực hiện./.",
        ],
        noi_nhan=["Như trên", "Lưu: VT"],
        quyen_han_ky=doc.authority,
        chuc_vu=doc.signer_title or "",
        nguoi_ky=doc.signer or "",
    )
    path = render_to_file.fn("cong_van_don_doc", ctx, f"cong-van-don-doc_{doc.ref}_{today.isoformat()}.docx")
    return {"path": path, "units": len(names), "rows": len(rows), "due": new_due.isoformat()}
