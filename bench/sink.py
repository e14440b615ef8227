"""An SMTP sink in a process of its own: accepts every message and writes one line for each.

    .venv/bin/python -m bench.sink --port P --log FILE [--delay-ms D]

Each line is `<sha256 of the message> <Message-ID> <recipients>`; the benchmarks read the file once the sink has
stopped (SIGTERM or SIGINT), to check that every message arrived once. It answers 250 only after the line is
written to its buffer, so a message acknowledged is a message counted.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import re
import resource
import signal
import sys
import time
from pathlib import Path

from aiosmtpd.smtp import SMTP

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)


class Recorder:
    """aiosmtpd handler: one line per message."""

    def __init__(self, out, delay_s: float) -> None:
        self.out, self.delay_s = out, delay_s
        self.first = self.last = None  # wall-clock times of the first and the last message accepted

    async def handle_DATA(self, server, session, envelope) -> str:
        data = envelope.original_content
        head = data[: data.find(b"\r\n\r\n")]
        found = MESSAGE_ID.search(head)
        mid = found.group(1).decode("ascii", "replace") if found else "-"
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        self.out.write(f"{hashlib.sha256(data).hexdigest()} {mid} {','.join(envelope.rcpt_tos)}\n")
        self.last = time.time()
        self.first = self.first or self.last
        return "250 OK"


def read_log(path: Path) -> list[tuple[str, str, str]]:
    """Return (sha256, Message-ID, recipients) for every message a sink accepted."""
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [tuple(line.split(" ", 2)) for line in lines if line.strip() and not line.startswith("#")]


def sink_span(path: Path) -> tuple[float, float] | None:
    """Return the wall-clock times (epoch seconds) of the first and the last message a stopped sink accepted."""
    for line in reversed(path.read_text().splitlines() if path.exists() else []):
        if line.startswith("# first="):
            first, last = (float(kv.split("=", 1)[1]) for kv in line[2:].split())
            return first, last
    return None


def sink_cpu_s(path: Path) -> float | None:
    """Return the CPU seconds a stopped sink spent (its last line)."""
    for line in reversed(path.read_text().splitlines() if path.exists() else []):
        if line.startswith("# cpu_s="):
            return float(line.split("=", 1)[1])
    return None


async def serve(port: int, log: Path, delay_s: float) -> None:
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    with log.open("w", buffering=1 << 16) as out:
        handler = Recorder(out, delay_s)
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="sink.localhost", data_size_limit=None), "127.0.0.1", port
        )
        print(f"READY {port}", flush=True)
        await stop
        server.close()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        if handler.first is not None:
            out.write(f"# first={handler.first:.3f} last={handler.last:.3f}\n")
        out.write(f"# cpu_s={usage.ru_utime + usage.ru_stime:.3f}\n")
    sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", type=Path, required=True)
    ap.add_argument("--delay-ms", type=float, default=0.0)
    args = ap.parse_args()
    asyncio.run(serve(args.port, args.log, args.delay_ms / 1000))


if __name__ == "__main__":
    main()
