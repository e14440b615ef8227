"""Benchmark: one approved plan to N units through the real dispatch-plan deployment, beside two references.

    .venv/bin/python -m bench.dispatch [N] [--quick] [--naive M] [--no-naive] [--profile] [--sink line|bulk]

The system runs as an office runs it: `kehoach serve --no-portal` (Prefect server, every deployment) on a fresh
data dir (SQLite), sending to an SMTP sink in a process of its own (bench/sink.py: aiosmtpd; with `--sink bulk`
its DATA read in runs, about a quarter of the CPU, so that the sink is no longer what both senders wait on). The
plan (a 40 KB .docx) is approved for N communes of a synthetic province; the clock runs from the moment the
dispatch-plan deployment is asked to run. In the same run, side by side:

- the bare limit: the same messages (same template, signed link, attachment) built by the same code and sent by
  a plain loop of aiosmtplib's client as kehoach sends them (WireSMTP, DATA form) over as many reused connections
  as kehoach uses — no Prefect, no database — measured before and after kehoach's run (their mean is the figure;
  both are printed);
- the naive reference, ../shared/peers/naive_dispatch.py as it is, at M units (300), against the same Prefect
  server (absent: `naive_units_per_s=n/a`).

Every run is checked: each message arrived once (sink log: one line per Message-ID, one per unit), every notice
is marked sent, every obligation is open. Peak memory is the flow-run process's VmHWM; task runs are read
through the Prefect client for that flow run. The last line is

    RESULT dispatch units=… wall_s=… units_per_s=… limit_units_per_s=… naive_units_per_s=… peak_mb=… task_runs=…
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAIVE = REPO.parent / "shared" / "peers" / "naive_dispatch.py"
KEHOACH = Path(sys.executable).parent / "kehoach"
NOW = "2026-11-23T09:00:00+07:00"  # a Monday morning, inside the sending window


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Sink:
    """bench/sink.py in its own process; `lines()` once stopped."""

    bulk = False  # aiosmtpd as it is; `--sink bulk`: DATA read in runs (bench.sink.BulkDataSMTP)

    def __init__(self, folder: Path, name: str, delay_ms: float = 0.0) -> None:
        self.port = free_port()
        self.log = folder / f"sink-{name}.log"
        cmd = [sys.executable, "-m", "bench.sink", "--port", str(self.port), "--log", str(self.log)]
        if self.bulk:
            cmd.append("--bulk")
        if delay_ms:
            cmd += ["--delay-ms", str(delay_ms)]
        # a session of its own, as every sender here has: the kernel shares CPU between sessions first
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True, start_new_session=True)
        ready = self.proc.stdout.readline()
        if not ready.startswith("READY"):
            raise SystemExit(f"the SMTP sink did not start ({self.proc.poll()})")

    def stop(self) -> list[tuple[str, str, str]]:
        from bench.sink import read_log

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)
        return read_log(self.log)


def check_delivery(lines: list[tuple[str, str, str]], n: int, what: str) -> None:
    """Fail unless n messages arrived, each Message-ID once, one to every commune."""
    from bench.tree import unit_address

    ids = [mid for _sha, mid, _to in lines]
    rcpts = sorted(to for _sha, _mid, to in lines)
    if len(lines) != n or len(set(ids)) != n or rcpts != sorted(unit_address(i) for i in range(n)):
        raise SystemExit(f"{what}: {len(lines)} messages, {len(set(ids))} Message-IDs, expected {n} (one each)")


# The bare limit


def limit_rows(document_id: int, n: int) -> list[dict]:
    """Return the notices kehoach would queue for the plan, as plain values (no database when sending)."""
    from bench.tree import unit_address
    from kehoach.settings import get_settings
    from models.db import session_scope
    from models.documents import get_document
    from models.org import get_unit
    from models.outbox import message_id_for
    from models.types import new_token
    from tasks.links import sign_link
    from tasks.mail.compose import render_subject
    from tasks.plans.dispatch import notice_parts

    with session_scope() as s:
        doc = get_document(session=s, document_id=document_id)
        parts = notice_parts(doc, get_unit(session=s, unit_id=doc.issuer_id))  # what kehoach's notices share
    settings = get_settings()
    portal, domain = settings.portal_url.rstrip("/"), settings.mail_domain
    rows = []
    for i in range(n):
        name = f"Ủy ban nhân dân xã số {i}"
        ctx = parts["plan"] | {
            "unit_name": name,
            "resend": False,
            "link": f"{portal}/nop/{sign_link(new_token(), 100000 + i, 1)}",
            "due": "2026-12-07",
            "lock": "2027-01-06",
        }
        rows.append(
            {
                "to_name": name,
                "to_addr": unit_address(i),
                "kind": "notice",
                "template": "notice",
                "subject": render_subject("notice", {"to_name": name, **ctx}),
                "context": ctx,
                "attachments": parts["attachments"],
                "message_id": message_id_for(f"limit:{i}", domain),
                "reply_to": parts["reply_to"],
            }
        )
    return rows


def run_limit(rows_file: Path, n: int, folder: Path, name: str, connections: int) -> tuple[float, float, float]:
    """Run bench/bare_limit.py in a session of its own against a fresh sink; return its seconds, its CPU seconds
    and the sink's CPU seconds."""
    from bench.sink import sink_cpu_s

    sink = Sink(folder, name)
    try:
        r = subprocess.run(
            [sys.executable, "-m", "bench.bare_limit", str(rows_file), "--port", str(sink.port)]
            + ["--connections", str(connections)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=3600,
            start_new_session=True,
        )
    finally:
        lines = sink.stop()
    if r.returncode != 0:
        raise SystemExit(f"bare limit ({name}) failed: {r.stderr.strip()[-500:]}")
    check_delivery(lines, n, f"bare limit ({name})")
    figures = dict(kv.split("=") for kv in r.stdout.split() if "=" in kv)
    return float(figures["seconds"]), float(figures["cpu_s"]), sink_cpu_s(sink.log) or 0.0


# kehoach: the dispatch-plan deployment on `kehoach serve`


class Serve:
    """`kehoach serve --no-portal` on the benchmark's data dir, sending to the given SMTP port."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.log = (folder / "serve.log").open("wb")
        self.proc = subprocess.Popen(
            [str(KEHOACH), "serve", "--no-portal"],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 600) -> dict:
        import json

        state = self.folder / "serve.json"
        deadline = time.monotonic() + timeout
        while not state.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"kehoach serve did not start; see {self.folder / 'serve.log'}")
            time.sleep(0.5)
        return json.loads(state.read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def pause_schedules() -> None:
    """Pause every schedule of the served deployments: nothing but the dispatch runs while it is timed."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import DeploymentSort

    with get_client(sync_client=True) as client:
        for d in client.read_deployments(limit=200, sort=DeploymentSort.NAME_ASC):
            for s in client.read_deployment_schedules(d.id):
                client.update_deployment_schedule(d.id, s.id, active=False)


def _flow_process(flow_run_id: str) -> int | None:
    needle = f"PREFECT__FLOW_RUN_ID={flow_run_id}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    return int(entry.name)
            except OSError:
                continue
    return None


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _cpu_s(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_kehoach(document_id: int, profile: Path | None = None) -> dict:
    """Run the dispatch-plan deployment once; return timings, peak memory and task runs of its flow run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort
    from prefect.deployments import run_deployment

    t0 = time.perf_counter()
    run = run_deployment(
        "dispatch-plan/dispatch-plan", parameters={"document_id": document_id, "actor": "bench"}, timeout=0
    )
    pid, peak_kb, state, own_session, spying, cpu = None, 0, None, None, None, 0.0
    with get_client(sync_client=True) as client:
        last_poll = 0.0
        while True:
            if pid is None:
                pid = _flow_process(str(run.id))
                if pid is not None:
                    try:
                        own_session = os.getsid(pid) == pid
                    except OSError:
                        own_session = None
                    if profile is not None:
                        from bench import spy

                        spying = spy.start(pid, profile)
            if pid is not None:
                peak_kb = max(peak_kb, _vm_hwm_kb(pid) or 0)
                cpu = _cpu_s(pid) or cpu
            if time.perf_counter() - last_poll > 0.5:
                last_poll = time.perf_counter()
                fr = client.read_flow_run(run.id)
                state = fr.state
                if state is not None and state.is_final():
                    break
            time.sleep(0.05)
        observed = time.perf_counter() - t0
        if spying is not None:
            spying.wait(60)
        if not state.is_completed():
            raise SystemExit(f"dispatch-plan ended {state.type.value}: {state.message}")
        flow_s = (fr.end_time - fr.start_time).total_seconds()
        # task runs reach the server as events: wait until their count settles
        flt = FlowRunFilter(id=FlowRunFilterId(any_=[run.id]))
        seen, stable = -1, 0
        for _ in range(60):
            runs, offset = [], 0
            while True:
                page = client.read_task_runs(
                    flow_run_filter=flt, offset=offset, limit=200, sort=TaskRunSort.EXPECTED_START_TIME_ASC
                )
                runs += page
                offset += len(page)
                if len(page) < 200:
                    break
            stable = stable + 1 if len(runs) == seen else 0
            seen = len(runs)
            if stable >= 3 and all(r.state is not None and r.state.is_final() for r in runs):
                break
            time.sleep(1)
    return {
        "flow_run_id": str(run.id),
        "flow_s": flow_s,
        "start": fr.start_time.timestamp(),
        "end": fr.end_time.timestamp(),
        "observed_s": observed,
        "peak_mb": peak_kb / 1024,
        "task_runs": seen,
        "task_names": sorted({r.name.rsplit("-", 1)[0] for r in runs}),
        "own_session": own_session,
        "cpu_s": cpu,
        "result": fr.state,
    }


def check_database(document_id: int, n: int) -> None:
    """Fail unless every notice of the plan is marked sent and every obligation is open."""
    from models.db import session_scope
    from models.obligations import list_obligations
    from models.outbox import count_messages_by_state

    with session_scope() as s:
        states = count_messages_by_state(session=s, document_id=document_id)
        obligations = len(list_obligations(session=s, document_id=document_id))
    if states != {"sent": n} or obligations != 2 * n:
        raise SystemExit(f"kehoach: outbox {states}, {obligations} obligations (expected {n} sent, {2 * n})")


# The naive reference


def run_naive(m: int, folder: Path, attachment: Path, env: dict[str, str]) -> float | None:
    """Run ../shared/peers/naive_dispatch.py as it is for m units; return units/s, or None when it cannot run."""
    if not NAIVE.exists():
        print(f"naive reference: {NAIVE} is not here (a clone without ../shared); naive_units_per_s=n/a")
        return None
    sink = Sink(folder, "naive")
    try:
        r = subprocess.run(
            [sys.executable, str(NAIVE), str(m), str(sink.port), str(attachment)],
            capture_output=True,
            text=True,
            timeout=3600,
            cwd=folder,
            env=env,
            start_new_session=True,
        )
    finally:
        lines = sink.stop()
    found = [ln for ln in r.stdout.splitlines() if ln.startswith("units=")]
    if r.returncode != 0 or not found:
        tail = (r.stderr.strip().splitlines() or ["?"])[-1]
        hint = " (pip install -e '.[bench]' installs prefect-email)" if "prefect_email" in r.stderr else ""
        print(f"naive reference did not run: {tail}{hint}; naive_units_per_s=n/a")
        return None
    print(f"naive reference ({m} units, {len(lines)} delivered): {found[-1]}")
    return float(found[-1].rsplit("units_per_s=", 1)[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=10_000)
    ap.add_argument("--quick", action="store_true", help="200 units, the naive reference at 30")
    ap.add_argument("--naive", type=int, default=300, help="units for the naive reference")
    ap.add_argument("--no-naive", action="store_true")
    ap.add_argument("--profile", action="store_true", help="sample the flow-run process with py-spy")
    ap.add_argument(
        "--sink",
        choices=("bulk", "line"),
        default="line",
        help="how the SMTP sink reads DATA: line by line as aiosmtpd does (the default; the sink is then the bound of "
        "both senders) or in runs, cheap enough that the senders' own costs show",
    )
    args = ap.parse_args()
    Sink.bulk = args.sink == "bulk"
    n, naive_n = (200, 30) if args.quick else (args.n, args.naive)

    folder = Path(tempfile.mkdtemp(prefix="kehoach-bench-dispatch-"))
    sink = None
    env = {
        **os.environ,
        "KEHOACH_DATA_DIR": str(folder),
        "KEHOACH_DATABASE_URL": "",
        "KEHOACH_NOW": NOW,
        "KEHOACH_PREFECT_PORT": str(free_port()),
        "PREFECT_HOME": str(folder / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    for k in ("KEHOACH_SMTP_HOST", "KEHOACH_SMTP_PORT", "PREFECT_API_URL", "KEHOACH_FILES_DIR"):
        env.pop(k, None)
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    print(f"dispatch benchmark: {n} units; data dir {folder}; load average {load_average()}")

    from kehoach.settings import get_settings
    from models.migrate import upgrade_to_head

    settings = get_settings()
    upgrade_to_head(settings.db_url)
    t = time.perf_counter()
    from bench.tree import approved_plan

    document_id = approved_plan(n, folder)
    attachment = folder / "ke-hoach-01.docx"
    rows_file = folder / "limit-rows.json"
    rows_file.write_text(json.dumps(limit_rows(document_id, n), ensure_ascii=False))
    size_kb = attachment.stat().st_size / 1000
    print(f"setup: {n} communes, plan approved, {size_kb:.0f} KB attachment ({time.perf_counter() - t:.1f} s)")

    sink = Sink(folder, "kehoach")
    serve = Serve(folder, env | {"KEHOACH_SMTP_HOST": "127.0.0.1", "KEHOACH_SMTP_PORT": str(sink.port)})
    try:
        t = time.perf_counter()
        state = serve.wait_ready()
        os.environ["PREFECT_API_URL"] = state["api_url"]
        from prefect.context import refresh_global_settings_context

        refresh_global_settings_context()
        pause_schedules()
        print(f"kehoach serve ready ({time.perf_counter() - t:.1f} s), API {state['api_url']}")

        connections = settings.smtp_connections
        limit_before, cpu, sink_cpu = run_limit(rows_file, n, folder, "limit-1", connections)
        print(
            f"bare limit, before: {n / limit_before:.1f} units/s ({limit_before:.1f} s, CPU {cpu:.1f} s, "
            f"the sink's CPU {sink_cpu:.1f} s, {connections} connections)"
        )
        load_before = load_average()
        k = run_kehoach(document_id, folder / "dispatch.pyspy" if args.profile else None)
        load_after = load_average()
        delivered = sink.stop()
        from bench.sink import sink_cpu_s, sink_span

        k["sink_cpu_s"] = sink_cpu_s(sink.log) or 0.0
        span = sink_span(sink.log)
        check_delivery(delivered, n, "kehoach")
        check_database(document_id, n)
        print(
            f"kehoach: {n / k['flow_s']:.1f} units/s (flow run {k['flow_s']:.1f} s; asked to run → completed "
            f"{k['observed_s']:.1f} s, the difference is the runner's poll and the run's own process starting); "
            f"flow-run process in a session of its own: {k['own_session']}; "
            f"CPU of the flow-run process {k['cpu_s']:.1f} s (with its start); "
            f"the sink's CPU {k['sink_cpu_s']:.1f} s; "
            f"peak {k['peak_mb']:.0f} MB; {k['task_runs']} task runs ({', '.join(k['task_names'])}); "
            f"load {load_before} → {load_after}"
        )
        if span is not None:
            first, last = span
            print(
                f"kehoach's flow run: {first - k['start']:.1f} s before the first message reached the sink, "
                f"{last - first:.1f} s from the first to the last, {k['end'] - last:.1f} s after the last"
            )
        limit_after, cpu, sink_cpu = run_limit(rows_file, n, folder, "limit-2", connections)
        print(
            f"bare limit, after: {n / limit_after:.1f} units/s ({limit_after:.1f} s, CPU {cpu:.1f} s, "
            f"the sink's CPU {sink_cpu:.1f} s)"
        )
        limit_ups = (n / limit_before + n / limit_after) / 2
        naive = None if args.no_naive else run_naive(naive_n, folder, attachment, dict(os.environ))
    finally:
        serve.stop()
        if sink is not None:
            sink.stop()
    units_per_s = n / k["flow_s"]
    print(
        f"ratio: kehoach at {units_per_s / limit_ups:.2f} of the bare limit (target ≥ {1 / 1.15:.2f}); "
        + (f"{units_per_s / naive:.1f}× the naive reference (target ≥ 20)" if naive else "naive reference n/a")
    )
    if args.profile:
        from bench import spy

        print(f"profile of the flow-run process ({folder / 'dispatch.pyspy'}):")
        print(spy.summarise(folder / "dispatch.pyspy"))
    print(f"load average at the end: {load_average()}")
    print(
        f"RESULT dispatch units={n} wall_s={k['flow_s']:.1f} units_per_s={units_per_s:.1f} "
        f"limit_units_per_s={limit_ups:.1f} naive_units_per_s={f'{naive:.1f}' if naive else 'n/a'} "
        f"peak_mb={k['peak_mb']:.0f} task_runs={k['task_runs']}"
    )


if __name__ == "__main__":
    main()
