"""Read what a unit sent and warn the reviewer when it names another plan or another unit (never a refusal)."""

from __future__ import annotations

import logging

from prefect import task

from kehoach import clock
from kehoach.settings import get_settings
from kehoach.text import fold
from models.db import session_scope
from models.documents import get_document
from models.obligations import get_obligation
from models.org import get_unit
from models.submissions import claim_unread_submissions, set_submission_fields
from tasks.reading.safety import FileRejected
from tasks.storage import read_stored

log = logging.getLogger("kehoach.intake")

# Words every body's name carries; what is left names the body itself ("Phường Long Châu" → "long chau").
GENERIC_WORDS = frozenset(
    "uy ban nhan dan ubnd hdnd hoi dong xa phuong thi tran huyen quan thi thanh pho tinh dang bo chi "
    "cong doan truong mam non tieu hoc trung co so hoc pho thong so phong ban van cua ve the".split()
)


def read_fields(data: bytes, file_name: str) -> dict:
    """Return what the reader finds in a file; a file it cannot read gets a warning, not an error."""
    from tasks.reading.parse import read_document  # python-docx and pypdf: only when a file is read

    try:
        return read_document(data, file_name, max_bytes=get_settings().max_upload_bytes).to_json_dict()
    except FileRejected as exc:
        return {"warnings": [f"không đọc được nội dung: {exc.message}"]}
    except Exception:  # a file that passed the checks is kept even if the reader trips on it
        log.exception("reader failed on a received file")
        return {"warnings": ["không đọc được nội dung để đối chiếu"]}


def _core_words(name: str) -> set[str]:
    return {w for w in fold(name).split() if w not in GENERIC_WORDS and len(w) > 1}


def match_warnings(fields: dict, *, sha256: str, doc, unit) -> list[str]:
    """Return what a reviewer should know when a file's content names another plan or another unit."""
    warnings: list[str] = []
    if doc.file_sha256 and sha256 == doc.file_sha256:
        return [f"Tệp gửi lên chính là tệp kế hoạch {doc.so_ky_hieu or ''} đã ban hành, không phải văn bản của đơn vị."]
    plan_no = fold(doc.so_ky_hieu or "").replace(" ", "")
    own_no = fold(fields.get("so_ky_hieu") or "").replace(" ", "")
    if plan_no and own_no == plan_no:
        warnings.append(f"Văn bản mang số {fields['so_ky_hieu']}, trùng số kế hoạch cấp trên.")
    refs = [c.get("so_ky_hieu") for c in fields.get("can_cu") or [] if c.get("so_ky_hieu")]
    if plan_no and refs and not any(fold(r).replace(" ", "") == plan_no for r in refs):
        warnings.append(
            f"Văn bản nêu căn cứ {', '.join(refs[:3])}, không thấy kế hoạch {doc.so_ky_hieu} mà đơn vị được giao."
        )
    body = fields.get("co_quan_ban_hanh")
    core = _core_words(unit.name)
    if body and core and not core <= set(fold(body).split()):
        warnings.append(f"Cơ quan ban hành ghi trên văn bản là “{body}”, không phải {unit.name}.")
    return warnings


@task(name="read-new-submissions")
def read_new_submissions(limit: int = 200) -> dict:
    """Read the content of files taken in without reading (the portal's), and warn reviewers of mismatches.

    Args:
        limit: how many files to read in this batch.
    """
    with session_scope() as session:
        batch = claim_unread_submissions(session=session, now=clock.now(), limit=limit)
        work = []
        docs: dict[int, object] = {}
        units: dict[int, object] = {}
        for sub in batch:
            ob = get_obligation(session=session, obligation_id=sub.obligation_id)
            if ob.document_id not in docs:
                docs[ob.document_id] = get_document(session=session, document_id=ob.document_id)
            if ob.unit_id not in units:
                units[ob.unit_id] = get_unit(session=session, unit_id=ob.unit_id)
            work.append((sub.id, sub.file_sha256, sub.file_ext, sub.file_name, docs[ob.document_id], units[ob.unit_id]))
    warned = 0
    for sub_id, sha, ext, name, doc, unit in work:
        try:
            data = read_stored(sha, ext)
        except OSError:
            fields = {"warnings": ["không tìm thấy tệp đã lưu"], "match_warnings": []}
        else:
            fields = read_fields(data, name)
            fields["match_warnings"] = match_warnings(fields, sha256=sha, doc=doc, unit=unit)
        warned += bool(fields["match_warnings"])
        with session_scope() as session:
            set_submission_fields(session=session, submission_id=sub_id, fields=fields)
    return {"read": len(work), "warned": warned}
