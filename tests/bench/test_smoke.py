"""Each benchmark at a small size, as `make bench` runs it: correctness only (all delivered, all stored), no timing.

A benchmark checks its own work and exits non-zero when something is missing or doubled; here it runs as a
program, in a clone without ../shared (the naive reference is skipped and reported as n/a).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.paths import REPO

# name → small arguments; a benchmark not in the checkout is not run
SMOKE = {
    "dispatch": ["25", "--no-naive"],
    "intake": ["--files", "24", "--clients", "4"],
    "compile": ["30"],
}


def _result(out: str, name: str) -> dict[str, str]:
    lines = [ln for ln in out.splitlines() if ln.startswith(f"RESULT {name} ")]
    assert len(lines) == 1, out[-3000:]
    return dict(re.findall(r"(\w+)=(\S+)", lines[0]))


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in SMOKE if (REPO / "bench" / f"{n}.py").exists()])
def test_benchmark_runs_small_and_checks_itself(name: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHOACH_", "PREFECT_API_URL"))}
    r = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", *SMOKE[name]],
        cwd=REPO,
        env=env | {"PREFECT_SERVER_ANALYTICS_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]
    result = _result(r.stdout, name)
    if name == "dispatch":
        # the benchmark exits non-zero unless every message arrived once and every notice is marked sent
        assert result["units"] == "25" and int(result["task_runs"]) >= 3
        assert result["naive_units_per_s"] == "n/a"
    elif name == "intake":
        assert result["uploads"] == "24" and result["lost"] == "0"
    elif name == "compile":
        assert result["submissions"] == "30"
