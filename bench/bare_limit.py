"""The bare limit of a dispatch: the same messages built by the same code and sent by a plain aiosmtplib loop.

The loop sends them as kehoach's sender does, in their DATA form through `tasks.mail.sender.WireSMTP` (aiosmtplib's
client, the attachment put in DATA form once): what is left between the two is Prefect and the database.

    .venv/bin/python -m bench.bare_limit ROWS.json --port P [--connections K]

ROWS.json holds the outbox rows kehoach would queue (template, context with the signed link, attachment), read
before the clock starts. No Prefect, no database: the attachment is read from the files dir once, as kehoach's
sender does a batch. Run in a session of its own, as kehoach's flow-run process is (the kernel shares CPU
between sessions first, then within them). Prints `seconds=…`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from types import SimpleNamespace


async def send_plain(rows: list, port: int, connections: int) -> None:
    """Build each message just before sending it, over `connections` reused connections."""
    from tasks.mail.compose import envelope_from, wire_message
    from tasks.mail.sender import WireSMTP

    sender, parts = envelope_from(), {}
    todo = list(reversed(rows))

    async def connection() -> None:
        smtp = WireSMTP(hostname="127.0.0.1", port=port)
        await smtp.connect()
        while todo:
            row = todo.pop()
            await smtp.sendmail(sender, [row.to_addr], wire_message(row, parts))
        await smtp.quit()

    await asyncio.gather(*(connection() for _ in range(connections)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=Path)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--connections", type=int, default=4)
    args = ap.parse_args()
    rows = [SimpleNamespace(**r) for r in json.loads(args.rows.read_text())]
    cpu0, t0 = time.process_time(), time.perf_counter()
    asyncio.run(send_plain(rows, args.port, args.connections))
    print(f"seconds={time.perf_counter() - t0:.3f} cpu_s={time.process_time() - cpu0:.3f}")


if __name__ == "__main__":
    main()
