"""A synthetic province for the benchmarks and their smoke tests: N communes under districts, one approved plan.

The plan goes the way an office's does up to the leader's approval (read, register, resolve "UBND các xã,
phường", submit, approve); what the benchmarks time starts after that, with the dispatch.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

COMMUNES_PER_DISTRICT = 100
PROVINCE = "T"
SO_KY_HIEU = "01/KH-UBND"


def plan_bytes(size: int = 40_000) -> bytes:
    """Return a plan (.docx, ND 30 layout) padded with a photo to about `size` bytes."""
    from tests.factories import PlanSpec, plan_docx

    doc = plan_docx(PlanSpec(so_ky_hieu=SO_KY_HIEU, noi_nhan=["UBND các xã, phường;", "Lưu: VT."]))
    buf = io.BytesIO(doc)
    pad = max(1000, size - len(doc) - 150)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as z:  # a photo does not compress
        z.writestr("word/media/image1.jpeg", random.Random(1).randbytes(pad))
    return buf.getvalue()


def unit_address(i: int) -> str:
    """Return commune i's address (the sinks and the bare limit send to the same ones)."""
    return f"x{i}@example.vn"


def build_tree(n: int) -> None:
    """Import a province, one district per 100 communes, and n communes, each with its address."""
    from tasks.org_import import load_rows

    districts = max(1, (n + COMMUNES_PER_DISTRICT - 1) // COMMUNES_PER_DISTRICT)
    province = {"code": PROVINCE, "name": "Tỉnh Thử Nghiệm", "kind": "tinh", "parent_code": None}
    rows = [province | {"emails": "t@example.vn"}]
    rows += [
        {"code": f"H{d:03d}", "name": f"Huyện số {d}", "kind": "huyen", "parent_code": PROVINCE, "emails": ""}
        for d in range(districts)
    ]
    rows += [
        {
            "code": f"X{i:05d}",
            "name": f"Ủy ban nhân dân xã số {i}",
            "kind": "xa",
            "parent_code": f"H{i // COMMUNES_PER_DISTRICT:03d}",
            "emails": unit_address(i),
        }
        for i in range(n)
    ]
    load_rows([r | {"era": "", "source": "bench"} for r in rows], source="bench")


def approved_plan(n: int, folder: Path, size: int = 40_000) -> int:
    """Build the tree and an approved plan to its n communes; return the plan's id."""
    from tasks.plans.approval import decide_plan, preview_plan, submit_for_approval
    from tasks.plans.read import read_plan, register_plan

    build_tree(n)
    path = folder / "ke-hoach-01.docx"
    path.write_bytes(plan_bytes(size))
    plan = read_plan.fn(str(path))
    reg = register_plan.fn(plan, PROVINCE, "bench", str(path))
    preview = preview_plan.fn(plan.fields, PROVINCE)
    assert preview["acting"] == n, (preview["acting"], n, preview["unresolved"])
    submit_for_approval.fn(reg["document_id"], preview, "bench")
    decide_plan.fn(reg["document_id"], True, "bench")
    return reg["document_id"]
