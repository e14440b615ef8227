"""A sender to kill: queue N messages in small transactions, then send them (run as a subprocess by tests)."""

from __future__ import annotations

import sys
import time

from kehoach import clock
from models.db import session_scope
from models.outbox import queue_messages
from tasks.mail import send_queued


def main(n: int, pause_s: float) -> None:
    for start in range(0, n, 20):
        with session_scope() as s:
            queue_messages(
                session=s,
                now=clock.now(),
                messages=[
                    {
                        "idempotency_key": f"crash:{i}",
                        "kind": "reminder",
                        "to_addr": f"unit{i}@example.vn",
                        "to_name": f"Đơn vị số {i}",
                        "subject": f"Nhắc hạn nộp kế hoạch — đơn vị {i}",
                        "template": "generic",
                        "context": {
                            "text": "Đề nghị đơn vị nộp kế hoạch đúng hạn.",
                            "link": f"http://127.0.0.1:8000/nop/{i}",
                        },
                    }
                    for i in range(start, min(n, start + 20))
                ],
            )
        time.sleep(pause_s)
    print("queued", flush=True)
    print(send_queued(), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]))
