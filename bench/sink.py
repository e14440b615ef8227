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

from aiosmtpd.smtp import MISSING, SMTP

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)


class BulkDataSMTP(SMTP):
    """aiosmtpd's server reading DATA in runs up to each ".\r\n" instead of line by line (aiosmtpd spends about
    1.7 ms of CPU on a 55 KB message reading its 700 lines one at a time, which made the sink the bound of every
    dispatch measured against it). Everything else — the commands, the envelope, the handler's hook — is aiosmtpd's.
    Unlike aiosmtpd's reading, it does not refuse lines over 1,000 bytes or DATA over a size limit: a sink for
    kehoach's own messages, not a server to face the world.
    """

    async def smtp_DATA(self, arg: str) -> None:
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        chunks: list[bytes] = []
        tail = b"\r\n"  # the bytes before the next chunk: DATA starts at a line's start
        while True:
            try:
                chunk = await self._reader.readuntil(b".\r\n")
            except asyncio.LimitOverrunError as e:  # no ".\r\n" in the reader's buffer limit: take what it holds
                chunk = await self._reader.readexactly(e.consumed)
                chunks.append(chunk)
                tail = (tail + chunk)[-2:]
                continue
            # the end of DATA is a line holding only "." (the two bytes before it end the line above)
            if (tail + chunk)[-5:-3] == b"\r\n":
                chunks.append(chunk[:-3])
                break
            chunks.append(chunk)
            tail = (tail + chunk)[-2:]
        # RFC 5321 4.5.2: a line starting with a dot had one more put before it
        content = (b"\r\n" + b"".join(chunks)).replace(b"\r\n.", b"\r\n")[2:]
        self.envelope.content = self.envelope.original_content = content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push("250 OK" if status is MISSING else status)


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


async def serve(port: int, log: Path, delay_s: float, bulk: bool = False) -> None:
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    with log.open("w", buffering=1 << 16) as out:
        handler = Recorder(out, delay_s)
        server = await loop.create_server(
            lambda: (BulkDataSMTP if bulk else SMTP)(handler, hostname="sink.localhost", data_size_limit=None),
            "127.0.0.1",
            port,
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
    ap.add_argument("--bulk", action="store_true", help="read DATA in runs (BulkDataSMTP), not line by line")
    args = ap.parse_args()
    asyncio.run(serve(args.port, args.log, args.delay_ms / 1000, args.bulk))


if __name__ == "__main__":
    main()
