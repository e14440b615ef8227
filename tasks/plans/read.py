"""Read a plan file and register it under its issuer, with its căn cứ links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from prefect import task

from kehoach import clock
from kehoach.errors import KehoachError
from kehoach.text import shown
from models.audit import record_audit
from models.db import session_scope
from models.documents import Document, DocumentParent, find_documents_by_number, get_document_by_file
from models.states import DocumentStatus
from tasks.lookup import require_unit


@dataclass
class ReadPlan:
    sha256: str
    ext: str
    file_name: str
    fields: dict


@task(name="read-plan")
def read_plan(path: str, store: bool = True) -> ReadPlan:
    """Check and read a plan file, and keep it under its sha256.

    Args:
        path: the .docx or .pdf the operator gave.
        store: False for a dry run, which writes nothing.
    """
    from kehoach.settings import get_settings
    from tasks.reading.parse import read_document
    from tasks.reading.safety import FileRejected, read_checked
    from tasks.storage import sha256_of, store_file

    p = Path(path)
    limit = get_settings().max_upload_bytes
    try:
        data = read_checked(p, max_bytes=limit)  # the size is judged before the file is read
        read = read_document(data, p.name, max_bytes=limit)
        fields = read.to_json_dict()
    except FileRejected as exc:
        raise KehoachError(f"tệp “{shown(p.name)}” bị từ chối: {exc.message}", exc.code) from exc
    except OSError as exc:
        raise KehoachError(f"không đọc được tệp “{shown(path)}”: {exc.strerror}.", "io_error") from exc
    if not fields.get("has_text_layer", True):
        raise KehoachError(
            f"tệp “{shown(p.name)}” là bản quét, không có lớp chữ nên không đọc được.",
            "no_text_layer",
            "Gửi bản Word (.docx) hoặc PDF xuất từ Word của kế hoạch.",
        )
    ext = read.file_kind or "docx"  # what the content is, so a PDF named .docx is kept and sent as a PDF
    digest = store_file(data, ext) if store else sha256_of(data)
    return ReadPlan(sha256=digest, ext=ext, file_name=p.name, fields=fields)


@task(name="register-plan")
def register_plan(plan: ReadPlan, issuer_code: str, actor: str, path: str | None = None) -> dict:
    """Register a read plan under its issuer (once per file), keep its file, link its căn cứ parents in the system.

    Args:
        plan: what `read_plan` returned.
        issuer_code: the issuing unit's code.
        actor: who runs the command (for the audit log).
        path: the file, kept under its sha256 once the registration is accepted (when `read_plan` did not).
    """
    f = plan.fields
    if path is not None:
        from kehoach.settings import get_settings
        from tasks.reading.safety import FileRejected, read_checked
        from tasks.storage import sha256_of, store_file

        try:
            data = read_checked(path, max_bytes=get_settings().max_upload_bytes)
        except FileRejected:
            data = b""
        if sha256_of(data) != plan.sha256:
            raise KehoachError(
                f"tệp “{Path(path).name}” đã thay đổi trong lúc xử lý.", "file_changed", "Chạy lại lệnh."
            )
    with session_scope() as session:
        issuer = require_unit(session, issuer_code, what="đơn vị ban hành")
        existing = get_document_by_file(session=session, sha256=plan.sha256, issuer_id=issuer.id)
        if existing is not None:
            return {"document_id": existing.id, "ref": existing.ref, "created": False, "status": existing.status}
        issued_on = date.fromisoformat(f["ngay_ban_hanh"]) if f.get("ngay_ban_hanh") else None
        year = (issued_on or clock.today()).year
        number = f.get("so_ky_hieu")
        if number and find_documents_by_number(
            session=session, so_ky_hieu=number, issuer_id=issuer.id, year=year, live_only=True
        ):
            raise KehoachError(
                f"số, ký hiệu {number} của {issuer.name} năm {year} đã được đăng ký cho một văn bản khác.",
                "duplicate_number",
                "Kiểm tra lại tệp: số văn bản là duy nhất theo cơ quan ban hành và năm.",
            )
        doc = Document(
            so_ky_hieu=number,
            doc_type=f.get("loai_van_ban") or "Kế hoạch",
            place=f.get("dia_danh"),
            issued_on=issued_on,
            subject=f.get("trich_yeu") or "",
            signer=f.get("nguoi_ky"),
            signer_title=f.get("chuc_vu"),
            authority=f.get("quyen_han_ky"),
            issuer_id=issuer.id,
            year=year,
            status=DocumentStatus.received,
            file_sha256=plan.sha256,
            file_ext=plan.ext,
            file_name=plan.file_name,
            fields=f,
            created_by=actor,
            created_at=clock.now(),
        )
        session.add(doc)
        session.flush()
        if path is not None:
            store_file(data, plan.ext)  # before the commit: a registered plan always has its file
        for cc in f.get("can_cu") or []:
            parent = None
            if cc.get("so_ky_hieu"):
                cc_year = int(cc["ngay"][:4]) if cc.get("ngay") else None
                found = find_documents_by_number(
                    session=session, so_ky_hieu=cc["so_ky_hieu"], year=cc_year, live_only=True
                )
                parent = found[0] if len(found) == 1 else None
            session.add(
                DocumentParent(
                    document_id=doc.id,
                    parent_id=parent.id if parent else None,
                    so_ky_hieu=cc.get("so_ky_hieu"),
                    ngay=date.fromisoformat(cc["ngay"]) if cc.get("ngay") else None,
                    co_quan=cc.get("co_quan"),
                )
            )
        record_audit(
            session=session,
            at=clock.now(),
            actor=actor,
            action="plan.register",
            document_id=doc.id,
            to_state=DocumentStatus.received,
            details={"sha256": plan.sha256, "file": plan.file_name},
        )
        return {"document_id": doc.id, "ref": doc.ref, "created": True, "status": doc.status}
