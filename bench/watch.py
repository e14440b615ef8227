"""Benchmark: the watch (reminders, chasing, digests, what supervisors see) over 1,000,000 obligations.

    .venv/bin/python -m bench.watch [--backend sqlite|postgres|both] [--units 10000 | --quick] [--url postgresql://…]

10,000 units (100 districts of 99 communes under one province) owe 100 periods each under four plans: 60 monthly
reports (2022-05 to 2027-04), 20 quarterly, 10 half-yearly and 10 yearly ones. The mix of states is what a records
office sees: of the periods long past, 90% accepted on time, 5% accepted late, 2% exempt, 3% never sent; of the
last month's, 60% accepted, 12% awaiting review, 3% returned, 1% exempt, the rest not sent; of those not yet due,
15% sent early. The chasing history is there too: every step the watch would have recorded before today (about
500,000 rows). The rows go in with bulk inserts (SQLAlchemy Core executemany on SQLite, COPY on PostgreSQL).

Then, in a fresh process, on Monday 19/04/2027 at 07:00 (April's reports are due Tuesday 20/04), the watch runs
as `watch-deadlines` does, without sending and without posting to Prefect: today's steps and one message per
unit queued, the weekly digests, the completed plans, and each plan's summary and table computed. The watch runs
a second time at once (it must queue nothing). The last lines are

    RESULT watch obligations=… backend=… wall_s=… peak_mb=…

with wall_s the first run and peak_mb that process's peak resident memory. PostgreSQL is a throwaway cluster from
the machine's binaries (tests/pg.py), unless --url names one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2027, 4, 19)
NOW = "2027-04-19T07:00:00+07:00"
# plan: (period kind, first period, how many, due rule)
PLANS = (
    ("month", "2022-05", 60, "day:20"),
    ("quarter", "2022-Q3", 20, "day:20"),
    ("half", "2022-H2", 10, "wd_after_window:1"),
    ("year", "2018", 10, "wd_after_window:1"),
)
CHUNK = 50_000


def env_for(data_dir: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "KEHOACH_DATA_DIR": str(data_dir),
        "KEHOACH_DATABASE_URL": url,
        "KEHOACH_NOW": NOW,
        "PREFECT_HOME": str(data_dir / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PYTHONPATH": str(REPO),
    }


# Building the rows


def _writer(conn, dialect: str):
    """Return write(table, columns, rows): COPY on PostgreSQL, Core executemany of dicts on SQLite."""
    from sqlalchemy import insert

    from models import FollowupStep, Obligation  # noqa: F401  (registers the tables)

    def write(table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        if dialect == "postgresql":
            raw = conn.connection.driver_connection
            with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        else:
            conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])

    return write


def build(url: str, n_units: int, seed: int = 19) -> dict:
    """Write the tree, four dispatched plans, their obligations and the chasing history; return counts."""
    from kehoach import workdays
    from models.db import engine_for
    from models.documents import Document, Requirement, RequirementTarget
    from models.followup import FollowupStep
    from models.migrate import upgrade_to_head
    from models.obligations import Obligation
    from models.org import Unit
    from models.types import new_token
    from tasks.plans.requirements import lock_date_for

    upgrade_to_head(url)
    engine = engine_for(url)
    rnd = random.Random(seed)
    now = datetime(2027, 4, 19, 0, 0, tzinfo=UTC)
    n_districts = max(1, n_units // 100)
    started = time.perf_counter()
    counts = {"units": 0, "obligations": 0, "steps": 0}
    with engine.begin() as conn:
        dialect = conn.dialect.name
        if dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
        write = _writer(conn, dialect)
        # the tree: a province, districts, communes
        units = [(1, "T", "Tỉnh Thử nghiệm", "tinh", "vanthu@tinh.example.vn", True, None, "", "", now)]
        for d in range(n_districts):
            units.append((2 + d, f"H{d:03d}", f"Huyện {d}", "huyen", f"h{d}@example.vn", True, 1, "", "", now))
        uid = 2 + n_districts
        while len(units) - 1 < n_units:
            parent = 2 + (len(units) - 1 - n_districts) % n_districts
            units.append((uid, f"X{uid:05d}", f"Xã {uid}", "xa", f"x{uid}@example.vn", True, parent, "", "", now))
            uid += 1
        cols = ("id", "code", "name", "kind", "emails", "active", "parent_id", "era", "source", "updated_at")
        write(Unit.__table__, cols, units)
        targets = [u[0] for u in units[1:]]
        counts["units"] = len(targets)
        # four plans, one periodic requirement each, for every unit
        for i, (kind, first, _n, rule) in enumerate(PLANS, start=1):
            doc = (i, f"bench{i}", f"{i}/KH-UBND", "Kế hoạch", f"Báo cáo định kỳ ({kind})", 1, 2022, "dispatched", now)
            cols = ("id", "ref", "so_ky_hieu", "doc_type", "subject", "issuer_id", "year", "status", "created_at")
            write(Document.__table__, (*cols, "issued_on", "fields"), [(*doc, date(2018, 1, 2), None)])
            req = (i, i, "periodic_report", kind, rule, first, f"Báo cáo định kỳ ({kind})")
            cols = ("id", "document_id", "kind", "period_kind", "due_rule", "first_period", "title")
            write(Requirement.__table__, cols, [req])
            write(RequirementTarget.__table__, ("requirement_id", "unit_id"), [(i, u) for u in targets])
        ob_cols = (
            "id",
            "token",
            "document_id",
            "requirement_id",
            "unit_id",
            "period",
            "due_date",
            "lock_date",
            "state",
            "link_version",
            "submitted_at",
            "created_at",
            "updated_at",
        )
        step_cols = (
            "obligation_id",
            "document_id",
            "due_date",
            "step",
            "queued_on",
            "queued_at",
            "message_key",
            "run_id",
        )
        ob_id = 0
        obs: list[tuple] = []
        steps: list[tuple] = []
        for i, (_kind, first, n, rule_text) in enumerate(PLANS, start=1):
            rule = workdays.parse_rule(rule_text)
            p = workdays.Period.parse(first)
            for _ in range(n):
                due = rule.due(p)
                lock = lock_date_for(due)
                before = {r: workdays.add_working_days(due, -r) for r in (3, 1)}
                after = {s: workdays.add_working_days(due, s) for s in (1, 5, 10)}
                for unit_id in targets:
                    ob_id += 1
                    state, sent = _state(rnd, due)
                    at = datetime.combine(sent, datetime.min.time(), tzinfo=UTC) if sent else None
                    obs.append((ob_id, new_token(), i, i, unit_id, str(p), due, lock, state, 1, at, now, now))
                    missing = state in ("pending", "returned")
                    if missing or (sent and (sent > due or rnd.random() < 0.3)):
                        for r, day in before.items():
                            if day < TODAY and (missing or day < sent):
                                steps.append(_step(ob_id, i, due, f"before:{r}", day))
                    if missing and due < TODAY:
                        for s, day in after.items():
                            if day < TODAY and day <= lock:
                                steps.append(_step(ob_id, i, due, f"after:{s}", day))
                    if len(obs) >= CHUNK:
                        write(Obligation.__table__, ob_cols, obs)
                        write(FollowupStep.__table__, step_cols, steps)
                        counts["obligations"] += len(obs)
                        counts["steps"] += len(steps)
                        obs, steps = [], []
                p = p.next()
        write(Obligation.__table__, ob_cols, obs)
        write(FollowupStep.__table__, step_cols, steps)
        counts["obligations"] += len(obs)
        counts["steps"] += len(steps)
        if dialect == "postgresql":  # COPY gave explicit ids: move the sequences past them
            for table in ("unit", "document", "requirement", "obligation"):
                conn.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    # what a database in service has had from autovacuum: statistics, and PostgreSQL's visibility map (without
    # it, an index-only count still reads every row)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE")
    counts["build_s"] = round(time.perf_counter() - started, 1)
    return counts


def _state(rnd: random.Random, due: date) -> tuple[str, date | None]:
    """Return a realistic state and the day it was sent, by how long ago the due date was."""
    r = rnd.random()
    if due < TODAY - timedelta(days=30):
        if r < 0.90:
            return "accepted", due - timedelta(days=rnd.randint(0, 6))
        if r < 0.95:
            return "accepted", due + timedelta(days=rnd.randint(1, 20))
        return ("exempt", None) if r < 0.97 else ("pending", None)
    if due < TODAY:
        if r < 0.60:
            return "accepted", due - timedelta(days=rnd.randint(0, 4))
        if r < 0.72:
            return "submitted", due + timedelta(days=rnd.randint(-3, 3))
        if r < 0.75:
            return "returned", None
        return ("exempt", None) if r < 0.76 else ("pending", None)
    if r < 0.15:
        return "submitted", TODAY - timedelta(days=rnd.randint(0, 5))
    return "pending", None


def _step(ob_id: int, doc_id: int, due: date, step: str, day: date) -> tuple:
    return (ob_id, doc_id, due, step, day, datetime.combine(day, datetime.min.time(), tzinfo=UTC), None, "history")


# Running the watch


def expected_reminders() -> int:
    """Count, straight from the tables, the open obligations due tomorrow that have not had their last reminder."""
    from sqlalchemy import text

    from models.db import session_scope

    with session_scope() as s:
        return s.execute(
            text(
                "SELECT count(*) FROM obligation o WHERE o.state IN ('pending', 'returned') AND o.due_date = :d "
                "AND NOT EXISTS (SELECT 1 FROM followupstep f WHERE f.obligation_id = o.id "
                "AND f.due_date = o.due_date AND f.step = 'before:1')"
            ),
            {"d": date(2027, 4, 20)},
        ).scalar_one()


def watch_once() -> dict:
    """Do what `watch-deadlines` does, less sending and posting to Prefect; return counts and each phase's time."""
    from tasks.followup.chase import chase_due_and_late
    from tasks.followup.completion import find_completed_plans
    from tasks.followup.digest import queue_digests
    from tasks.followup.view import plan_view
    from tasks.plans.status import find_followed_plans

    t: dict[str, float] = {}
    cpu = time.process_time()
    start = time.perf_counter()
    chased = chase_due_and_late.fn()
    t["chase_s"] = time.perf_counter() - start
    mark = time.perf_counter()
    digests = queue_digests.fn()
    t["digest_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    plans = find_followed_plans.fn()
    completed = find_completed_plans.fn(plans)
    views = [plan_view(p) for p in plans]
    t["view_s"] = time.perf_counter() - mark
    t["wall_s"] = time.perf_counter() - start
    t["cpu_s"] = time.process_time() - cpu
    return {
        "reminders": chased["reminders"],
        "overdue": chased["overdue"],
        "units": chased["units"],
        "queued": chased["queued"] + digests["queued"],
        "digests": digests["plans"],
        "events": len(chased["events"]),
        "completed": len(completed),
        "table_rows": sum(len(v["table"]) for v in views),
        "levels": [v["levels"][-1]["rate"] for v in views],
        **{k: round(v, 3) for k, v in t.items()},
    }


def run() -> dict:
    """Run the watch twice in this process (the database is built); return both runs and the peak memory."""
    from kehoach.settings import get_settings

    get_settings.cache_clear()
    expected = expected_reminders()
    first = watch_once()
    second = watch_once()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"expected_reminders": expected, "first": first, "second": second, "peak_mb": round(peak_mb)}


def _child(args: list[str], env: dict[str, str]) -> dict:
    r = subprocess.run(
        [sys.executable, "-m", "bench.watch", *args], env=env, cwd=REPO, capture_output=True, text=True, check=False
    )
    if r.returncode != 0:
        raise SystemExit(f"bench.watch {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def bench(backend: str, n_units: int, url: str | None) -> dict:
    """Build a database for one backend in a fresh process, run the watch in another; return the figures."""
    pg = None
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-watch-") as tmp:
        data = Path(tmp) / "var"
        data.mkdir()
        if backend == "sqlite":
            url = f"sqlite:///{data / 'kehoach.db'}"
        elif url is None:
            from tests.pg import ThrowawayPostgres

            pg = ThrowawayPostgres().start()
            url = pg.new_database()
        try:
            env = env_for(data, url)
            built = _child(["--build", "--units", str(n_units)], env)
            print(
                f"{backend}: built {built['obligations']:,} obligations, {built['steps']:,} chasing steps of "
                f"history, {built['units']:,} units in {built['build_s']} s"
            )
            ran = _child(["--run"], env)
        finally:
            if pg is not None:
                pg.stop()
    return {"backend": backend, **built, **ran}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--quick", action="store_true", help="200 units (20,000 obligations), to try the machinery")
    ap.add_argument("--url", help="an existing, empty PostgreSQL database instead of a throwaway cluster")
    ap.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.build or args.run:  # a child: settings come from the environment the parent set
        from kehoach.settings import get_settings

        out = build(get_settings().db_url, args.units) if args.build else run()
        print(json.dumps(out, default=str))
        return
    if args.quick:
        args.units = 200
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    results = [bench(b, args.units, args.url) for b in backends]
    for r in results:
        f, s = r["first"], r["second"]
        print(
            f"{r['backend']}: reminders {f['reminders']:,} (expected {r['expected_reminders']:,}), chasing "
            f"{f['overdue']:,}, {f['units']:,} units, {f['queued']:,} messages queued, {f['digests']} digests, "
            f"{f['table_rows']:,} table rows; chase {f['chase_s']} s, digests {f['digest_s']} s, views "
            f"{f['view_s']} s (this process's CPU {f['cpu_s']} s, load average {os.getloadavg()[0]:.1f}); "
            f"second run queued {s['queued']} in {s['wall_s']} s"
        )
    for r in results:
        print(
            f"RESULT watch obligations={r['obligations']} backend={r['backend']} "
            f"wall_s={r['first']['wall_s']:.2f} peak_mb={r['peak_mb']}"
        )


if __name__ == "__main__":
    main()
