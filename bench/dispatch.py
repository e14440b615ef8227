"""Benchmark: dispatch a plan to N units — obligations, outbox, SMTP — against an in-process aiosmtpd sink.

    .venv/bin/python -m bench.dispatch [N] [--naive]

Prints units, seconds for each phase and units/s. With --naive, also runs the peer yardstick
(../shared/peers/naive_dispatch.py, prefect-email over smtplib, one Prefect task per unit) for N units.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(n: int, naive: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    os.environ.update(
        KEHOACH_DATA_DIR=str(tmp),
        KEHOACH_NOW="2026-11-23T09:00:00+07:00",
        KEHOACH_DATABASE_URL="",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    sys.path.insert(0, str(REPO))
    from aiosmtpd.controller import Controller

    from kehoach.settings import get_settings
    from models.migrate import upgrade_to_head
    from tests.factories import PlanSpec, plan_docx
    from tests.smtp import Collector, free_port

    sink = Collector()
    ctl = Controller(sink, hostname="127.0.0.1", port=free_port())
    ctl.start()
    os.environ.update(KEHOACH_SMTP_HOST="127.0.0.1", KEHOACH_SMTP_PORT=str(ctl.port))
    get_settings.cache_clear()
    upgrade_to_head(get_settings().db_url)

    from tasks.mail import send_queued
    from tasks.org_import import load_rows
    from tasks.plans.approval import decide_plan, preview_plan, submit_for_approval
    from tasks.plans.dispatch import open_obligations_and_queue
    from tasks.plans.read import read_plan, register_plan

    rows = [{"code": "T", "name": "Tỉnh Thử", "kind": "tinh", "parent_code": None, "emails": "t@example.vn"}]
    rows += [
        {"code": f"X{i:05d}", "name": f"Xã số {i}", "kind": "xa", "parent_code": "T", "emails": f"x{i}@example.vn"}
        for i in range(n)
    ]
    load_rows([r | {"era": "", "source": "bench"} for r in rows], source="bench")
    plan_file = tmp / "ke-hoach.docx"
    plan_file.write_bytes(plan_docx(PlanSpec(so_ky_hieu="01/KH-UBND", noi_nhan=["UBND các xã, phường;", "Lưu: VT."])))
    print(f"attachment {plan_file.stat().st_size / 1024:.0f} KB")

    t0 = time.perf_counter()
    plan = read_plan.fn(str(plan_file))
    reg = register_plan.fn(plan, "T", "bench")
    preview = preview_plan.fn(plan.fields, "T")
    submit_for_approval.fn(reg["document_id"], preview, "bench")
    decide_plan.fn(reg["document_id"], True, "bench")
    t1 = time.perf_counter()
    opened = open_obligations_and_queue.fn(reg["document_id"], "bench")
    t2 = time.perf_counter()
    sent = send_queued(document_id=reg["document_id"])
    t3 = time.perf_counter()
    ctl.stop()
    assert len(sink.received) == n, (len(sink.received), n)
    print(f"units={n} obligations={opened['obligations']} queued={opened['queued']} sent={sent['sent']}")
    print(f"read+register+resolve+approve_s={t1 - t0:.2f} open+queue_s={t2 - t1:.2f} send_s={t3 - t2:.2f}")
    print(f"kehoach: wall_s={t3 - t0:.1f} units_per_s={n / (t3 - t0):.1f} (send alone {n / (t3 - t2):.1f} msg/s)")
    if naive:
        peer = REPO.parent / "shared" / "peers" / "naive_dispatch.py"
        ctl = Controller(Collector(), hostname="127.0.0.1", port=free_port())
        ctl.start()
        try:
            r = subprocess.run(
                [sys.executable, str(peer), str(n), str(ctl.port), str(plan_file)],
                capture_output=True,
                text=True,
                timeout=3600,
            )
        finally:
            ctl.stop()
        line = [ln for ln in r.stdout.splitlines() if ln.startswith("units=")]
        print(f"naive peer: {line[-1] if line else 'did not run: ' + r.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 2000, "--naive" in sys.argv)
