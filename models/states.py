"""Vocabularies and their Vietnamese labels: the one table every screen, table and export uses."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    tinh = "tinh"
    huyen = "huyen"
    xa = "xa"
    co_quan = "co_quan"
    truong = "truong"
    chi_bo = "chi_bo"
    cong_doan = "cong_doan"
    doan_the = "doan_the"
    khac = "khac"


UNIT_KIND_LABELS: dict[str, str] = {
    "tinh": "Cấp tỉnh",
    "huyen": "Cấp huyện",
    "xa": "Cấp xã",
    "co_quan": "Cơ quan, đơn vị",
    "truong": "Trường học",
    "chi_bo": "Chi bộ",
    "cong_doan": "Công đoàn",
    "doan_the": "Đoàn thể",
    "khac": "Khác",
}


class ObligationState(StrEnum):
    pending = "pending"
    submitted = "submitted"
    accepted = "accepted"
    returned = "returned"
    exempt = "exempt"
    cancelled = "cancelled"
    transferred = "transferred"  # the unit ceased; its successor owes it now (history stays here)


OPEN_STATES = (ObligationState.pending, ObligationState.returned)
DONE_STATES = (ObligationState.submitted, ObligationState.accepted)
# Nothing is expected of the unit any more: it takes no file and counts in no rate.
CLOSED_STATES = (ObligationState.exempt, ObligationState.cancelled, ObligationState.transferred)


class Timeliness(StrEnum):
    """Derived, never stored: from the state, the dates and the clock."""

    on_time = "on_time"
    late = "late"  # sent, but after the due date
    due = "due"  # not sent, not yet due
    overdue = "overdue"  # not sent, past the due date
    locked = "locked"  # not sent, past the lock date
    none = "none"  # exempt or cancelled


class RequirementKind(StrEnum):
    submit_plan = "submit_plan"
    periodic_report = "periodic_report"
    so_ket = "so_ket"
    tong_ket = "tong_ket"
    other = "other"


class DocumentStatus(StrEnum):
    received = "received"  # registered, not yet sent for approval
    awaiting_approval = "awaiting_approval"
    approved = "approved"
    rejected = "rejected"
    dispatched = "dispatched"
    recalled = "recalled"


class RecipientRole(StrEnum):
    thuc_hien = "thuc_hien"
    de_biet = "de_biet"
    luu = "luu"


class ReviewState(StrEnum):
    pending_review = "pending_review"
    accepted = "accepted"
    returned = "returned"


class MessageState(StrEnum):
    queued = "queued"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"


LABELS: dict[str, str] = {
    # obligation states
    "pending": "Chưa nộp",
    "submitted": "Đã nộp",
    "accepted": "Đã tiếp nhận",
    "returned": "Trả lại",
    "exempt": "Miễn nộp",
    "cancelled": "Đã hủy",
    "transferred": "Chuyển đơn vị kế thừa",
    # timeliness
    "on_time": "Đúng hạn",
    "late": "Nộp trễ hạn",
    "due": "Chưa đến hạn",
    "overdue": "Quá hạn",
    "locked": "Quá hạn, đã khóa",
    "none": "—",
    # review
    "pending_review": "Chờ xem xét",
    # documents
    "received": "Đã tiếp nhận",
    "awaiting_approval": "Chờ phê duyệt",
    "approved": "Đã phê duyệt",
    "rejected": "Không phê duyệt",
    "dispatched": "Đã ban hành",
    "recalled": "Đã thu hồi",
    # recipients
    "thuc_hien": "Thực hiện",
    "de_biet": "Để biết",
    "luu": "Lưu",
    # requirements
    "submit_plan": "Xây dựng kế hoạch",
    "periodic_report": "Báo cáo định kỳ",
    "so_ket": "Sơ kết",
    "tong_ket": "Tổng kết",
    "other": "Khác",
    # messages
    "queued": "Chờ gửi",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "failed": "Gửi lỗi",
}


def label(value: str | None) -> str:
    """Return the Vietnamese label of a state or kind (the value itself if it has none)."""
    if value is None:
        return "—"
    return LABELS.get(str(value), UNIT_KIND_LABELS.get(str(value), str(value)))
