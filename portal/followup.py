"""The portal's own follow-up, so that it needs no Prefect: send receipts the same day, read new files when idle."""

from __future__ import annotations

import logging
import threading
import time

from kehoach import clock
from kehoach.settings import get_settings
from models.db import session_scope
from models.outbox import count_due_messages
from models.submissions import count_unread_submissions
from portal.guards import forget_old_counts
from tasks.content_match import read_new_submissions
from tasks.mail import send_queued

log = logging.getLogger("kehoach.portal")

IDLE_S = 2.0  # no upload for this long: the portal is idle
SEND_AT_LEAST_EVERY_S = 60.0  # receipts wait at most this long even under a steady stream of uploads
READ_BATCH = 20

_last_upload = 0.0


def note_upload() -> None:
    """Record that an upload is coming in (the follow-up keeps out of its way)."""
    global _last_upload
    _last_upload = time.monotonic()


def _idle() -> bool:
    return time.monotonic() - _last_upload >= IDLE_S


def run_once(*, read: bool = True) -> dict:
    """Send due receipts (and other urgent mail), forget old rate counts, read a few new files if idle."""
    done = {"sent": 0, "read": 0}
    with session_scope() as session:
        due = count_due_messages(session=session, now=clock.now(), urgent_only=True)
    if due:
        done["sent"] = send_queued(only_urgent=True).get("sent", 0)
    forget_old_counts()
    while read and _idle():
        with session_scope() as session:
            if not count_unread_submissions(session=session):
                break
        done["read"] += read_new_submissions.fn(limit=READ_BATCH)["read"]
    return done


class Followup(threading.Thread):
    """A daemon thread: every `portal_followup_s` seconds, when idle (or a minute has passed), run the follow-up."""

    def __init__(self) -> None:
        super().__init__(name="portal-followup", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        interval = get_settings().portal_followup_s
        last = time.monotonic()
        while not self.stopping.wait(interval):
            if not _idle() and time.monotonic() - last < SEND_AT_LEAST_EVERY_S:
                continue
            try:
                run_once()
            except Exception:  # the next round tries again; the portal keeps taking uploads
                log.exception("follow-up round failed")
            last = time.monotonic()

    def stop(self) -> None:
        self.stopping.set()
