"""Benchmark: the first `kehoach plan issue` on a bare machine, with no `kehoach serve` (Prefect's temporary API).

    .venv/bin/python -m bench.first_run [--tries 4] [--hogs 2] [--lazy]

Each try: an empty HOME, no PREFECT_* variable, a fresh data dir; `kehoach init`, the Vĩnh Long tree, then
`plan issue --yes` of a 124-unit plan. With --lazy the Prefect database `init` made is removed first, so the
plan issue makes it itself. --hogs starts that many `while True: pass` processes beside it. Prints PASS/FAIL and
seconds per try, and how many passed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KEHOACH = str(Path(sys.executable).parent / "kehoach")


def one_try(plan: Path, lazy: bool) -> tuple[bool, float, str]:
    home = Path(tempfile.mkdtemp(prefix="kehoach-bare-home-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHOACH_", "PREFECT_"))}
    env.update(HOME=str(home), KEHOACH_DATA_DIR=str(home / "var"), KEHOACH_NOW="2026-11-23T09:00:00+07:00")

    def kehoach(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([KEHOACH, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=900)

    try:
        kehoach("init").check_returncode()
        if lazy:
            shutil.rmtree(home / "var" / "prefect")
        kehoach("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn").check_returncode()
        began = time.monotonic()
        r = kehoach("plan", "issue", str(plan), "--issuer", "86", "--yes", "--json")
        seconds = time.monotonic() - began
        last = (r.stderr.strip().splitlines() or [""])[-1][:160]
        return r.returncode == 0, seconds, last
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--hogs", type=int, default=0)
    parser.add_argument("--lazy", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from tests.factories import PlanSpec, plan_docx

    plan = Path(tempfile.mkdtemp(prefix="kehoach-bench-")) / "ke-hoach-120.docx"
    plan.write_bytes(
        plan_docx(
            PlanSpec(
                so_ky_hieu="120/KH-UBND",
                parent_body="",
                issuer_body="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
                place="Vĩnh Long",
                noi_nhan=["UBND các xã, phường;", "Lưu: VT, NC."],
                body=["Ủy ban nhân dân các xã, phường xây dựng kế hoạch, gửi về Sở Nội vụ trước ngày 15/12/2026."],
            )
        )
    )
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.hogs)]
    passed = 0
    try:
        for i in range(1, args.tries + 1):
            ok, seconds, last = one_try(plan, args.lazy)
            passed += ok
            print(f"try {i}: {'PASS' if ok else 'FAIL'} {seconds:.1f} s  {'' if ok else last}", flush=True)
    finally:
        for h in hogs:
            h.kill()
            h.wait()
    load = os.getloadavg()[0]
    print(f"{passed}/{args.tries} passed; {args.hogs} CPU hogs; lazy={args.lazy}; load average now {load:.1f}")


if __name__ == "__main__":
    main()
