"""Sample a running process with py-spy and say where its CPU went (by library, and the busiest functions)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
OURS = ("kehoach", "models", "tasks", "flows", "cli", "deployments", "portal")


def py_spy() -> str | None:
    """Return the py-spy program of this environment, if installed (`pip install -e '.[bench]'`)."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def start(pid: int, out: Path, rate: int = 100) -> subprocess.Popen | None:
    """Start sampling `pid` until it exits (raw collapsed stacks in `out`); None without py-spy."""
    exe = py_spy()
    if exe is None:
        return None
    cmd = [exe, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw", "--output", str(out)]
    # --gil: only samples holding the GIL, i.e. Python running on a CPU, not threads waiting on sockets or locks
    return subprocess.Popen([*cmd, "--nonblocking", "--gil"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _where(frame: str) -> tuple[str, str]:
    m = FRAME.match(frame.strip())
    if not m:
        return frame, "?"
    path = m.group("file")
    parts = Path(path).parts
    if "site-packages" in parts:
        lib = parts[parts.index("site-packages") + 1]
    elif any(p in OURS for p in parts[-3:-1]):
        lib = "kehoach:" + next(p for p in parts[-3:-1] if p in OURS)
    elif "python3" in path or path.startswith("<frozen"):
        lib = "stdlib:" + Path(path).stem
    else:
        lib = Path(path).stem
    return f"{m.group('func')} ({Path(path).name})", lib.removesuffix(".py")


def summarise(raw: Path, top: int = 12) -> str:
    """Return where the samples fell: by the library of the innermost frame, and the top functions (self, total)."""
    if not raw.exists():
        return "no profile was recorded"
    by_lib: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = [f for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        samples += n
        leaf, lib = _where(frames[-1])
        by_lib[lib] += n
        own[leaf] += n
        for name in {_where(f)[0] for f in frames if _where(f)[1].startswith("kehoach:")}:
            total[name] += n
    if not samples:
        return "the profile holds no samples"

    def pct(c: Counter[str]) -> str:
        return "\n".join(f"  {v / samples:6.1%}  {k}" for k, v in c.most_common(top))

    return (
        f"{samples} samples holding the GIL (Python on a CPU)\n"
        f"by library of the innermost frame:\n{pct(by_lib)}\n"
        f"busiest functions (self):\n{pct(own)}\n"
        f"kehoach's functions (including what they call):\n{pct(total)}"
    )
