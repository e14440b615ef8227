"""Benchmark: compile N units' reports (each its own .docx, kept as the portal keeps them) into one draft Báo cáo.

    .venv/bin/python -m bench.compile [N]

Builds a tree (a province, 50 districts, N communes), one plan asking every commune for its 2026 report, and N
submissions — most on time, some late, some returned — each a distinct report rendered from the ND 30 template
and stored under its SHA-256, with its receipt number; a few communes send nothing. Then times the compile
(`draft_report`: gather, read every file's sections, render, store). Last line:

    RESULT compile submissions=… wall_s=…
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DISTRICTS = 50


def build(n: int, missing: int) -> int:
    """Write the tree, the plan, its obligations and n submissions; return the plan's id."""
    from sqlalchemy import insert

    from kehoach import clock
    from models.db import session_scope
    from models.documents import Document, Requirement, RequirementTarget
    from models.obligations import Obligation, Submission
    from models.receipts import Receipt
    from models.types import new_token
    from tasks.org_import import load_rows
    from tasks.render import Heading, RenderContext, render_document
    from tasks.storage import store_file

    units = n + missing
    rows = [{"code": "T", "name": "Tỉnh Thử", "kind": "tinh", "parent_code": None}]
    rows += [
        {"code": f"H{d:02d}", "name": f"Huyện Số {d}", "kind": "huyen", "parent_code": "T"} for d in range(DISTRICTS)
    ]
    rows += [
        {"code": f"X{i:05d}", "name": f"Xã Số {i}", "kind": "xa", "parent_code": f"H{i % DISTRICTS:02d}"}
        for i in range(units)
    ]
    load_rows([r | {"era": "", "source": "bench", "emails": ""} for r in rows], source="bench")
    now = clock.now()
    due = date(2026, 12, 15)
    with session_scope() as s:
        from models.org import list_units

        ids = {u.code: u.id for u in list_units(session=s)}
        doc = Document(
            so_ky_hieu="01/KH-UBND",
            subject="Thực hiện Phong trào thi đua văn hóa công sở",
            issuer_id=ids["T"],
            year=2026,
            issued_on=date(2026, 1, 10),
            status="dispatched",
            fields={"co_quan_ban_hanh": "Ủy ban nhân dân tỉnh Thử"},
            place="Thử",
            authority="TM. ỦY BAN NHÂN DÂN",
            signer_title="CHỦ TỊCH",
            signer="Nguyễn Văn A",
            created_at=now,
        )
        s.add(doc)
        s.flush()
        req = Requirement(
            document_id=doc.id,
            kind="periodic_report",
            period_kind="year",
            due_rule="wd_after_window:1",
            first_period="2026",
            title="Báo cáo định kỳ hằng năm",
        )
        s.add(req)
        s.flush()
        codes = [f"X{i:05d}" for i in range(units)]
        s.execute(insert(RequirementTarget), [{"requirement_id": req.id, "unit_id": ids[c]} for c in codes])
        obs = [
            {
                "token": new_token(),
                "document_id": doc.id,
                "requirement_id": req.id,
                "unit_id": ids[c],
                "period": "2026",
                "due_date": due,
                "lock_date": due + timedelta(days=30),
                "state": "pending",
                "link_version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for c in codes
        ]
        ob_ids = s.execute(insert(Obligation.__table__).returning(Obligation.__table__.c.id), obs).scalars().all()
        doc_id, req_id = doc.id, req.id
    t0 = time.perf_counter()
    subs, receipts, states = [], [], []
    for i, (code, ob_id) in enumerate(zip(codes[:n], ob_ids[:n], strict=True)):
        ctx = RenderContext(
            so_ky_hieu=f"{i % 90 + 1:02d}/BC-UBND",
            co_quan_ban_hanh=f"Ủy ban nhân dân xã Số {i}",
            dia_danh=f"Xã Số {i}",
            ngay=date(2026, 12, 1),
            loai_van_ban="Báo cáo",
            trich_yeu="Kết quả thực hiện Phong trào thi đua văn hóa công sở năm 2026",
            can_cu=["Thực hiện Kế hoạch số 01/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh Thử"],
            body=[
                Heading(text="I. KẾT QUẢ THỰC HIỆN"),
                f"Xã Số {i} đã tổ chức {i % 7 + 2} hội nghị quán triệt cho {30 + i % 50} cán bộ, công chức; "
                "ban hành nội quy, quy chế văn hóa công sở; thực hiện nghiêm kỷ luật, kỷ cương hành chính. " * 3,
                Heading(text="II. TỒN TẠI, HẠN CHẾ"),
                "Một số cán bộ chưa thực hiện đúng quy định về trang phục, giao tiếp với người dân. " * 2,
                Heading(text="III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"),
                "Tiếp tục đẩy mạnh cải cách hành chính, ứng dụng công nghệ thông tin trong giải quyết công việc. " * 2,
            ],
            noi_nhan=["UBND tỉnh (b/c)"],
            chuc_vu="Chủ tịch",
            nguoi_ky=f"Người Ký {i}",
        )
        data = render_document("bao_cao", ctx)
        sha = store_file(data, "docx")
        late = i % 10 == 9
        at = datetime(2026, 12, 16 if late else 10, 9, 0, tzinfo=clock.VN_TZ) + timedelta(seconds=i)
        returned = i % 50 == 7
        subs.append(
            {
                "token": new_token(),
                "obligation_id": ob_id,
                "version": 1,
                "file_sha256": sha,
                "file_ext": "docx",
                "file_name": f"bao-cao-{code}.docx",
                "size_bytes": len(data),
                "channel": "portal",
                "submitted_by": "bench",
                "received_at": at,
                "review_state": "returned" if returned else ("accepted" if i % 3 == 0 else "pending_review"),
                "reviewed_by": None,
                "reviewed_at": None,
                "review_reason": "Thiếu số liệu" if returned else None,
                "fields": {"so_ky_hieu": ctx.so_ky_hieu, "loai_van_ban": "Báo cáo", "ngay_ban_hanh": "2026-12-01"},
                "read_at": at,
            }
        )
        states.append(
            {
                "b_id": ob_id,
                "b_state": "returned" if returned else ("accepted" if i % 3 == 0 else "submitted"),
                "b_at": at,
            }
        )
    print(f"rendered and stored {n} reports in {time.perf_counter() - t0:.1f} s")
    from sqlalchemy import bindparam, update

    with session_scope() as s:
        sub_ids = s.execute(insert(Submission.__table__).returning(Submission.__table__.c.id), subs).scalars().all()
        for k, (sid, sub) in enumerate(zip(sub_ids, subs, strict=True)):
            receipts.append(
                {
                    "submission_id": sid,
                    "issuer_id": ids["T"],
                    "year": 2026,
                    "number": k + 1,
                    "received_at": sub["received_at"],
                }
            )
        s.execute(insert(Receipt.__table__), receipts)
        s.execute(
            update(Obligation.__table__)
            .where(Obligation.__table__.c.id == bindparam("b_id"))
            .values(state=bindparam("b_state"), submitted_at=bindparam("b_at")),
            states,
        )
    assert req_id
    return doc_id


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kehoach-bench-compile-"))
    os.environ.update(
        KEHOACH_DATA_DIR=str(tmp),
        KEHOACH_NOW="2026-12-28T09:00:00+07:00",
        KEHOACH_DATABASE_URL="",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    sys.path.insert(0, str(REPO))
    from kehoach.settings import get_settings
    from models.migrate import upgrade_to_head

    get_settings.cache_clear()
    upgrade_to_head(get_settings().db_url)
    doc_id = build(n, missing=max(1, n // 25))

    from tasks.compile_report import draft_report

    t0 = time.perf_counter()
    draft = draft_report.fn(doc_id, "2026", "tong_hop", None, "bench")
    wall = time.perf_counter() - t0
    g = draft["groups"]
    size = Path(draft["path"]).stat().st_size
    print(
        f"on_time={len(g['on_time'])} late={len(g['late'])} returned={len(g['returned'])} "
        f"missing={len(g['missing'])} files={draft['files']} draft_kb={size / 1024:.0f} ({draft['path']})"
    )
    print(f"RESULT compile submissions={n} wall_s={wall:.1f}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 5000)
