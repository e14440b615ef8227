"""Benchmark: K concurrent clients upload M varied .docx files (40–60 KB) through a running portal process.

    .venv/bin/python -m bench.intake [--clients 32] [--files 2000] [--workers N] [--one-address] [--profile] [--keep]

The portal runs as `python -m portal` on the embedded defaults (SQLite in a fresh data dir, the mail catcher),
with a plan dispatched to M units whose notices went out before the clock starts. Each client keeps one
connection open and sends its uploads one after another (a browser does the same); the clients stand for
offices behind a reverse proxy on 127.0.0.1, so each sends its own X-Forwarded-For address (uvicorn trusts
127.0.0.1 by default), or all share one address with --one-address (the per-address limit then applies).
Every upload is then verified stored: one submission per link, the sha256 of the kept file equal to what was
sent. The last line is

    RESULT intake uploads=… per_s=… p50_ms=… p95_ms=… p99_ms=… lost=…

--profile samples the portal process (all threads, workers too) with py-spy while the clients run and prints
where its CPU went, by phase and by function.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]


def make_files(n: int, seed: int = 7) -> list[bytes]:
    """Return n distinct .docx reports of 40–60 KB: rendered text that varies, and a picture of varied size."""
    from datetime import date

    from tasks.render import RenderContext, render_document

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        ctx = RenderContext(
            so_ky_hieu=f"{i + 1}/BC-UBND",
            co_quan_ban_hanh=f"ỦY BAN NHÂN DÂN PHƯỜNG SỐ {i + 1}",
            co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
            dia_danh="Vĩnh Long",
            ngay=date(2026, 11, 20 + i % 8),
            trich_yeu=f"Kết quả thực hiện Kế hoạch số 55/KH-UBND, đợt {i % 12 + 1}",
            chuc_vu="CHỦ TỊCH",
            nguoi_ky=rnd.choice(["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung"]),
            quyen_han_ky="TM. ỦY BAN NHÂN DÂN",
            can_cu=["Căn cứ Kế hoạch số 55/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân thị xã Duyên Hải."],
            body=["I. KẾT QUẢ THỰC HIỆN"]
            + [
                f"{k}. Đã tổ chức {rnd.randint(1, 40)} buổi tuyên truyền cho {rnd.randint(20, 900)} lượt người."
                for k in range(1, rnd.randint(4, 30))
            ],
            noi_nhan=["UBND thị xã;", "Lưu: VT."],
        )
        doc = render_document("bao_cao", ctx)
        target = rnd.randint(40_000, 60_000)
        photo = rnd.randbytes(max(1000, target - len(doc)))  # a photo does not compress
        for _ in range(2):  # the second pass takes off the zip's own headers
            buf = io.BytesIO(doc)
            with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as z:
                z.writestr("word/media/image1.jpeg", photo)
            photo = photo[: len(photo) - max(0, len(buf.getvalue()) - target)]
        out.append(buf.getvalue())
    return out


def multipart(link_path: str, host: str, name: str, data: bytes, forwarded: str | None) -> bytes:
    """Return the whole HTTP request a browser sends for the upload form."""
    boundary = "----kehoach" + hashlib.md5(data).hexdigest()[:16]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="tep"; filename="{name}"\r\n'
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    lines = [
        f"POST {link_path} HTTP/1.1",
        f"Host: {host}",
        f"Content-Type: multipart/form-data; boundary={boundary}",
        f"Content-Length: {len(body)}",
        f"Origin: http://{host}",
        "Sec-Fetch-Site: same-origin",
    ]
    if forwarded:
        lines.append(f"X-Forwarded-For: {forwarded}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


async def run_clients(url: str, requests: list[bytes], k: int) -> tuple[list[float], dict[int, int], float]:
    """Send every request over k keep-alive connections; return latencies (s), each request's status, wall time."""
    u = urlsplit(url)
    queue = list(range(len(requests)))
    queue.reverse()
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def client() -> None:
        reader, writer = await asyncio.open_connection(u.hostname, u.port)
        try:
            while queue:
                i = queue.pop()
                t0 = time.perf_counter()
                writer.write(requests[i])
                status = await read_response(reader)
                latencies.append(time.perf_counter() - t0)
                statuses[i] = status
                if status != 303:  # the server closes after an error page: reconnect
                    writer.close()
                    reader, writer = await asyncio.open_connection(u.hostname, u.port)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(k)))
    return latencies, statuses, time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """Return user + system CPU time of a process and its children that were waited for (uvicorn workers are not)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    out = [pid]
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(p.name))
            except OSError:
                pass
    return out


def pct(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def start_sampler(pid: int, out: Path) -> subprocess.Popen | None:
    """Sample every thread of the portal (and its workers) with py-spy while the clients run, if py-spy is here."""
    import shutil

    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("--profile needs py-spy (pip install py-spy==0.4.3): no profile taken")
        return None
    # --gil: only samples holding the GIL, i.e. where the Python CPU goes (not threads waiting on locks or disks)
    cmd = [spy, "record", "--pid", str(pid), "--rate", "250", "--gil", "--format", "raw", "--output", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--subprocesses", "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    time.sleep(1.0)  # py-spy attaches
    return proc


def print_profile(out: Path, top: int = 22) -> None:
    """Summarise py-spy's collapsed stacks: where the portal's CPU went, by phase and by function."""
    if not out.exists():
        return
    leaf: dict[str, int] = {}
    phases = {
        "HTTP, routing, multipart (event loop)": 0,
        "verify_link": 0,
        "rate limits": 0,
        "check_file": 0,
        "stage_file (write + fsync)": 0,
        "record transaction": 0,
        "pages (Jinja)": 0,
    }
    marks = [
        ("verify_link", "verify_link"),
        ("wait_for_upload_slot", "rate limits"),
        ("check_file", "check_file"),
        ("stage_file", "stage_file (write + fsync)"),
        ("record_submission", "record transaction"),
        ("render (portal/pages.py", "pages (Jinja)"),
    ]
    total = 0
    for line in out.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        n = int(n)
        total += n
        frames = stack.split(";")
        leaf[frames[-1]] = leaf.get(frames[-1], 0) + n
        depth = {phase: max(i for i, f in enumerate(frames) if mark in f) for mark, phase in marks if mark in stack}
        # the innermost phase a sample is in; outside them all, the event loop's own work
        phases[max(depth, key=depth.get) if depth else "HTTP, routing, multipart (event loop)"] += n
    print(f"\nportal CPU samples (py-spy, all threads): {total}")
    for phase, n in phases.items():
        print(f"  {n / max(1, total):6.1%}  {phase}")
    print("busiest functions (self):")
    for name, n in sorted(leaf.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {n / max(1, total):6.1%}  {name[:150]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=None, help="KEHOACH_PORTAL_WORKERS (default: the setting's)")
    ap.add_argument("--one-address", action="store_true", help="every client from 127.0.0.1")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the data dir (database, files, log) afterwards")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="kehoach-bench-intake-"))
    port = _free_port()
    os.environ.update(
        KEHOACH_DATA_DIR=str(tmp),
        KEHOACH_NOW="2026-11-23T09:00:00+07:00",
        KEHOACH_DATABASE_URL="",
        KEHOACH_PORTAL_URL=f"http://127.0.0.1:{port}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_URL="http://127.0.0.1:9/api",  # no Prefect server: the portal does not need one
    )
    if args.workers:
        os.environ["KEHOACH_PORTAL_WORKERS"] = str(args.workers)
    sys.path.insert(0, str(REPO))
    from kehoach.settings import get_settings
    from models.db import session_scope
    from models.migrate import upgrade_to_head
    from models.obligations import get_obligation
    from models.submissions import list_latest_submissions
    from tasks.links import link_url
    from tasks.mail import send_queued
    from tests.factories import make_plan_in_db

    settings = get_settings()
    upgrade_to_head(settings.db_url)
    t = time.perf_counter()
    plan = make_plan_in_db(args.files)
    send_queued()  # the notices went out before units upload
    with session_scope() as s:
        links = [link_url(get_obligation(session=s, obligation_id=i)) for i in plan.obligation_ids]
    files = make_files(args.files)
    sizes = sorted(len(f) for f in files)
    print(
        f"setup: plan to {args.files} units, notices sent, {len(files)} files "
        f"{sizes[0] // 1000}–{sizes[-1] // 1000} KB ({time.perf_counter() - t:.1f} s); data dir {tmp}"
    )
    host = f"127.0.0.1:{port}"
    requests = [
        multipart(
            urlsplit(links[i]).path,
            host,
            f"Báo cáo phường {i + 1}.docx",
            files[i],
            None if args.one_address else f"10.{(i % args.clients) // 250}.{(i % args.clients) % 250}.1",
        )
        for i in range(args.files)
    ]

    log = open(tmp / "portal.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "portal", "--port", str(port)], cwd=REPO, stdout=log, stderr=log)
    try:
        _wait_up(f"http://{host}/healthz", proc)
        profile = tmp / "portal.pyspy.txt"
        sampler = start_sampler(proc.pid, profile) if args.profile else None
        tree = process_tree(proc.pid)
        cpu0 = sum(cpu_seconds(p) for p in tree)
        latencies, statuses, wall = asyncio.run(run_clients(f"http://{host}", requests, args.clients))
        cpu1 = sum(cpu_seconds(p) for p in process_tree(proc.pid))
        if sampler is not None:
            sampler.send_signal(2)  # SIGINT: py-spy writes what it sampled
            sampler.wait(60)
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()

    # Verify: every acknowledged upload is there, once, with the bytes that were sent
    with session_scope() as s:
        latest = list_latest_submissions(session=s, document_id=plan.document_id)
    duplicated = sum(1 for sub in latest.values() if sub.version != 1)
    stored = set()
    for i, ob in enumerate(plan.obligation_ids):
        sha = hashlib.sha256(files[i]).hexdigest()
        sub, path = latest.get(ob), settings.files_dir / f"{sha}.docx"
        if sub is not None and sub.file_sha256 == sha and path.exists():
            if hashlib.sha256(path.read_bytes()).hexdigest() == sha:
                stored.add(i)
    acknowledged = {i for i, status in statuses.items() if status == 303}
    lost = len(acknowledged - stored)  # a receipt was shown but the file or its record is missing
    counts: dict[int, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    lat = sorted(latencies)
    ok = len(acknowledged)
    print(
        f"{args.files} uploads by {args.clients} clients in {wall:.2f} s; answers {dict(sorted(counts.items()))}; "
        f"verified stored {len(stored)}, lost {lost}, duplicated {duplicated}; "
        f"portal CPU {cpu1 - cpu0:.1f} s ({(cpu1 - cpu0) / max(1, ok) * 1000:.1f} ms an upload) over {wall:.1f} s wall"
    )
    if args.profile:
        print_profile(profile)
    if not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"RESULT intake uploads={ok} per_s={ok / wall:.1f} p50_ms={pct(lat, 0.50) * 1000:.0f} "
        f"p95_ms={pct(lat, 0.95) * 1000:.0f} p99_ms={pct(lat, 0.99) * 1000:.0f} lost={lost}"
    )


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(url: str, proc: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the portal did not start")


if __name__ == "__main__":
    main()
