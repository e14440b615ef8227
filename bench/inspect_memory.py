"""Benchmark: peak memory of one `kehoach inspect FILE --json` per bad file, beside `kehoach inspect --help`.

    .venv/bin/python -m bench.inspect_memory [RUNS] [EXTRA_FILE ...]

Linux starts a child's ru_maxrss at its parent's peak (exec keeps the old address space's high-water mark), so
a child of a big process (pytest after other tests) reports at least that process's peak. Each command here is
started from a small launcher that reports the command's own peak; `naive` is what the parent itself reads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KEHOACH = str(Path(sys.executable).parent / "kehoach")
LAUNCHER = """import os, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))"""


def own_peak_mb(cmd: list[str]) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], capture_output=True, text=True, check=True).stdout
    kb, code = out.split()
    return int(kb) / 1024, int(code)


def naive_peak_mb(cmd: list[str]) -> float:
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return usage.ru_maxrss / 1024


def main() -> None:
    import resource

    sys.path.insert(0, str(REPO))
    from tests.badfiles import bad_files

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as d:
        cases = [("inspect --help", [KEHOACH, "inspect", "--help"])]
        for case, (name, data, _) in sorted(bad_files().items()):
            (Path(d) / name).write_bytes(data)
            cases.append((case, [KEHOACH, "inspect", str(Path(d) / name), "--json"]))
        cases += [(Path(f).name, [KEHOACH, "inspect", f, "--json"]) for f in sys.argv[2:]]
        parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"this process's own peak: {parent:.1f} MB (the floor of every naive figure)")
        print(f"{'case':24s} {'exit':>4s} {'own MB min':>10s} {'max':>6s} {'naive MB':>9s}")
        for case, cmd in cases:
            peaks = [own_peak_mb(cmd) for _ in range(runs)]
            mbs = [mb for mb, _ in peaks]
            print(f"{case:24s} {peaks[0][1]:4d} {min(mbs):10.1f} {max(mbs):6.1f} {naive_peak_mb(cmd):9.1f}")


if __name__ == "__main__":
    main()
