"""The server killed (SIGKILL, master and workers) while batches are being stored.

Every batch is one transaction, so after the crash each one is in the database entirely or
not at all; the client then retries what went unanswered with the same ids, and in the end
every scan is stored exactly once.
"""

from __future__ import annotations

import random
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.live.conftest import Live
from tests.live.harness import request_json

BATCH = "/api/v1/shopfloor/scans/batch"
SMALL, LARGE = 200, 1000
KILLS = 2  # crashes inside a batch's transaction
MAX_ROUNDS = 5


@dataclass
class Client:
    """A scanning station: numbered batches of unique ids, and what the server answered."""

    live: Live
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    sent: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    acked: set[int] = field(default_factory=set)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_batch(self, size: int) -> int:
        order = self.live.seed["orders"][-1]
        with self.lock:
            number = len(self.sent)
            self.sent[number] = [
                {
                    "id": f"crash-{self.tag}-{number}-{n}",
                    "bundle": self.rng.choice(order["bundles"]),
                    "operation": self.rng.choice(order["operations"]),
                    "worker": self.rng.choice(order["workers"]),
                }
                for n in range(size)
            ]
        return number

    def post(self, number: int) -> bool:
        """Send batch `number`; True when the server answered (then all of it is stored)."""
        scans = self.sent[number]
        try:
            status, _headers, body = request_json(
                self.live.base_url, "POST", BATCH, {"scans": scans}, token=self.live.token
            )
        except (OSError, ValueError):  # reset, refused, or a response cut off (BadStatusLine)
            return False
        assert status == 200, body
        assert body["recorded"] == len(scans), body
        assert [r["id"] for r in body["results"]] == [s["id"] for s in scans]
        with self.lock:
            self.acked.add(number)
        return True

    def stored(self, number: int) -> int:
        counts = self.live.scan_counts([s["id"] for s in self.sent[number]])
        assert set(counts.values()) <= {1}, f"batch {number}: an id stored twice"
        return len(counts)

    def unanswered(self) -> list[int]:
        return [n for n in self.sent if n not in self.acked]


def _loop(client: Client, stop: threading.Event) -> None:
    """Small batches one after another until the server stops answering."""
    while not stop.is_set():
        if not client.post(client.new_batch(SMALL)):
            return


def test_batches_survive_a_killed_server_all_or_nothing_and_exactly_once(live: Live) -> None:
    client = Client(live)
    for _ in range(2):
        assert client.post(client.new_batch(SMALL))

    interrupted = 0  # kills that landed while a batch's transaction was open
    for _round in range(MAX_ROUNDS):
        stop = threading.Event()
        looping = threading.Thread(target=_loop, args=(client, stop))
        large = client.new_batch(LARGE)
        sending = threading.Thread(target=client.post, args=(large,))
        looping.start()
        sending.start()
        # Kill while scans are being written: inside a batch's transaction, not between.
        writing = live.database.wait_for_scan_transaction()
        live.kill()
        stop.set()
        sending.join(timeout=60)
        looping.join(timeout=60)
        assert not sending.is_alive()
        assert not looping.is_alive()

        # Before any retry: every batch ever sent is stored entirely or not at all.
        for number, scans in client.sent.items():
            assert client.stored(number) in (0, len(scans)), f"batch {number} half stored"
        if writing and client.unanswered():
            interrupted += 1

        live.start()
        for number in client.unanswered():
            assert client.post(number), f"retry of batch {number} unanswered"
        if interrupted >= KILLS:
            break

    assert interrupted >= KILLS, f"only {interrupted} kills landed while a batch was stored"
    ids = [s["id"] for scans in client.sent.values() for s in scans]
    assert len(set(ids)) == len(ids)
    assert client.acked == set(client.sent)
    assert live.scan_counts(ids) == dict.fromkeys(ids, 1)
    (total,) = live.query(
        "SELECT COUNT(*) FROM shopfloor_scan WHERE client_id LIKE %s", (f"crash-{client.tag}-%",)
    )
    assert total[0] == len(ids)
