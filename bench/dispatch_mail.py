"""Benchmark: queue N notices with a ~50 KB .docx attachment and send them through the real path.

    .venv/bin/python -m bench.dispatch_mail [N] [--connections=K] [--sink=thread|process] [--naive[=M]]

The sink is aiosmtpd in a thread of this process (it shares the interpreter with the sender, the slower case),
or with --sink=process in a process of its own (then only the outbox says how many were sent).
Prints seconds and messages/s for queueing and for sending. With --naive, also runs the peer yardstick
(../shared/peers/naive_dispatch.py: one Prefect task per unit, prefect-email over smtplib) for M units (500).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def docx_like(size: int = 50_000) -> bytes:
    """Return a zip of about `size` bytes shaped like a .docx (stored, incompressible body)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/media/image1.png", os.urandom(size), compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


class ProcessSink:
    """aiosmtpd's own discarding server in a separate process."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"]
        )

    def start(self) -> None:
        import socket

        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("aiosmtpd did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def main(n: int, connections: int, naive: int, sink_kind: str = "thread") -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kehoach-bench-mail-"))
    os.environ.update(
        KEHOACH_DATA_DIR=str(tmp),
        KEHOACH_NOW="2026-11-23T09:00:00+07:00",
        KEHOACH_DATABASE_URL="",
        KEHOACH_SMTP_CONNECTIONS=str(connections),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    sys.path.insert(0, str(REPO))
    from aiosmtpd.controller import Controller

    from kehoach import clock
    from kehoach.settings import get_settings
    from models.db import session_scope
    from models.migrate import upgrade_to_head
    from models.outbox import queue_messages
    from tasks.mail import send_queued
    from tasks.storage import store_file
    from tests.smtp import Collector, free_port

    sink = Collector()
    if sink_kind == "process":
        ctl = ProcessSink(free_port())
    else:
        ctl = Controller(sink, hostname="127.0.0.1", port=free_port(), data_size_limit=0)
    ctl.start()
    os.environ.update(KEHOACH_SMTP_HOST="127.0.0.1", KEHOACH_SMTP_PORT=str(ctl.port))
    get_settings.cache_clear()
    upgrade_to_head(get_settings().db_url)

    data = docx_like()
    sha = store_file(data, "docx")
    ctx = {
        "so_ky_hieu": "55/KH-UBND",
        "subject": "Tổ chức thực hiện phong trào thi đua",
        "doc_type": "Kế hoạch",
        "issuer": "UBND thị xã Duyên Hải",
        "issued_on": "2019-08-26",
        "due": "2019-09-30",
        "lock": "2019-10-30",
    }
    messages = [
        {
            "idempotency_key": f"bench:{i}",
            "kind": "notice",
            "to_addr": f"xa{i}@example.vn",
            "to_name": f"UBND xã số {i}",
            "subject": "Kế hoạch 55/KH-UBND — Tổ chức thực hiện phong trào thi đua",
            "context": ctx | {"unit_name": f"UBND xã số {i}", "link": f"http://127.0.0.1:8000/nop/bench{i}"},
            "attachments": [{"sha256": sha, "ext": "docx", "filename": "Kế hoạch số 55-KH-UBND.docx"}],
            "reply_to": "vanthu@duyenhai.gov.vn",
        }
        for i in range(n)
    ]
    t0 = time.perf_counter()
    with session_scope() as s:
        queue_messages(session=s, messages=messages, now=clock.now())
    t1 = time.perf_counter()
    res = send_queued()
    t2 = time.perf_counter()
    ctl.stop()
    assert res["sent"] == n and len(sink.received) in (0, n) and sink_kind in ("thread", "process"), res
    size = sum(len(r.data) for r in sink.received) / n / 1024 if sink.received else len(data) * 1.37 / 1024
    print(
        f"kehoach: messages={n} size_kb={size:.0f} connections={connections} sink={sink_kind} "
        f"queue_s={t1 - t0:.2f} "
        f"send_s={t2 - t1:.2f} messages_per_s={n / (t2 - t1):.1f}"
    )
    if naive:
        peer = REPO.parent / "shared" / "peers" / "naive_dispatch.py"
        attachment = tmp / "Kế hoạch số 55.docx"
        attachment.write_bytes(data)
        ctl = Controller(Collector(), hostname="127.0.0.1", port=free_port(), data_size_limit=0)
        ctl.start()
        try:
            r = subprocess.run(
                [sys.executable, str(peer), str(naive), str(ctl.port), str(attachment)],
                capture_output=True,
                text=True,
                timeout=3600,
                cwd=tmp,
            )
        finally:
            ctl.stop()
        line = [ln for ln in r.stdout.splitlines() if ln.startswith("units=")]
        tail = (r.stderr.strip().splitlines() or ["?"])[-1]
        print(f"naive peer: {line[-1] if line else 'did not run: ' + tail}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].partition("=")[::2] for a in sys.argv[1:] if a.startswith("--"))
    naive_n = int(opts["naive"] or 500) if "naive" in opts else 0
    main(int(args[0]) if args else 2000, int(opts.get("connections") or 4), naive_n, opts.get("sink") or "thread")
