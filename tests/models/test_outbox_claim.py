"""Outbox claims by several senders at once take disjoint messages, and all of them, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading


def test_four_senders_claiming_at_once_take_every_message_once(db: str) -> None:
    from kehoach import clock
    from models.db import session_scope
    from models.outbox import claim_batch, count_messages_by_state, mark_sent
    from tests.outbox_rows import queue_rows

    queue_rows(400)
    taken: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def sender(me: str) -> None:
        ids: list[int] = []
        try:
            start.wait()
            with session_scope() as s:
                # as a sender does: claim (committed), "send", record the answers, claim again
                while rows := claim_batch(session=s, me=me, now=clock.now(), limit=25, dead_claimers=set()):
                    ids += [r.id for r in rows]
                    mark_sent(session=s, sent=[{"id": r.id, "last_reply": "250 OK"} for r in rows], now=clock.now())
                    s.commit()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        taken[me] = ids

    threads = [threading.Thread(target=sender, args=(f"may-{i}:{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    every = [i for ids in taken.values() for i in ids]
    assert len(every) == 400 and len(set(every)) == 400  # all of them, none twice
    assert sum(1 for ids in taken.values() if ids) >= 2, {k: len(v) for k, v in taken.items()}  # side by side
    with session_scope() as s:
        assert count_messages_by_state(session=s) == {"sent": 400}
