"""The background runner: claim the oldest queued marker, nest it, record progress and result.

One runner process starts with the server (`config/server.py`); `seamline manage run_markers`
runs one by hand. Two runners never take the same marker: the claim is a conditional UPDATE
(queued -> running) that only one of them wins, on SQLite and PostgreSQL alike.

While nesting, the best marker so far is written at most about once a second and the
planner's stop request is read at most about twice a second. The run ends DONE, STOPPED (the
best marker so far kept) or FAILED (the reason in `error`). A marker left running by a runner
that died is queued again once; the second time it fails.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.cutting.choices import MarkerStatus
from seamline.cutting.markers import nesting_problem
from seamline.cutting.models import Marker
from seamline.engines.nesting import Marker as Nested
from seamline.engines.nesting import nest
from seamline.tenancy.context import tenant_context

log = logging.getLogger(__name__)

# A running marker whose last sign of life is older than its time budget plus this margin
# belongs to a runner that died.
STALE_MARGIN_S = 60
PROGRESS_EVERY_S = 1.0  # at most one progress write a second
STOP_POLL_EVERY_S = 0.5  # at most two reads of the stop request a second
HEARTBEAT_EVERY_S = 10.0  # a sign of life while the engine finds nothing better
ERROR_MAX = 500

# Set when the runner process is asked to end (server stopping): the marker being nested
# is put back in the queue for the next runner instead of being stopped or failed.
_shutdown = threading.Event()


def request_shutdown() -> None:
    _shutdown.set()


def shutdown_requested() -> bool:
    return _shutdown.is_set()


def reset_shutdown() -> None:
    _shutdown.clear()


def wait_for_shutdown(seconds: float) -> bool:
    """Sleep between polls, waking at once when the runner is asked to end."""
    return _shutdown.wait(seconds)


def _figures(nested: Nested) -> dict[str, Any]:
    return {
        "length_mm": Decimal(str(round(nested.length, 1))),
        "efficiency_pct": Decimal(str(round(nested.efficiency * 100, 2))),
        "placements": nested.to_json(),
    }


class RunProgress:
    """The engine's two callbacks for one marker, throttled against the database."""

    def __init__(self, marker: Marker) -> None:
        self.pk = marker.pk
        self.rows = Marker.unscoped.filter(pk=marker.pk, status=MarkerStatus.RUNNING)
        self.pending: tuple[Nested, str] | None = None
        self.last_write = self.last_poll = float("-inf")
        self.last_beat = time.monotonic()
        self.planner_stop = False

    def on_progress(self, best: Nested, phase: str) -> None:
        self.pending = (best, phase)
        if time.monotonic() - self.last_write >= PROGRESS_EVERY_S:
            self.flush()

    def flush(self) -> None:
        if self.pending is None:
            return
        best, phase = self.pending
        self.pending = None
        now = timezone.now()
        self.rows.update(**_figures(best), phase=str(phase)[:20], heartbeat_at=now)
        self.last_write = self.last_beat = time.monotonic()

    def should_stop(self) -> bool:
        if _shutdown.is_set():
            return True
        now = time.monotonic()
        if now - self.last_poll < STOP_POLL_EVERY_S:
            return self.planner_stop
        self.last_poll = now
        if self.pending is not None and now - self.last_write >= PROGRESS_EVERY_S:
            self.flush()
        elif now - self.last_beat >= HEARTBEAT_EVERY_S:
            self.rows.update(heartbeat_at=timezone.now())
            self.last_beat = now
        state = Marker.unscoped.filter(pk=self.pk).values_list("status", "stop_requested")
        status, asked = state.first() or (None, True)
        # Asked by the planner, or the row is no longer ours (released as stale).
        self.planner_stop = bool(asked) or status != MarkerStatus.RUNNING
        return self.planner_stop


def _requeue_fields() -> dict[str, Any]:
    return {
        "status": MarkerStatus.QUEUED,
        "phase": "",
        "length_mm": None,
        "efficiency_pct": None,
        "placements": [],
        "started_at": None,
        "heartbeat_at": None,
    }


def _run(marker: Marker, *, workers: int | None) -> None:
    progress = RunProgress(marker)
    rows = progress.rows
    try:
        result = nest(
            nesting_problem(marker),
            time_limit_s=float(marker.time_limit_s),
            workers=workers,
            on_progress=progress.on_progress,
            should_stop=progress.should_stop,
        )
    except Exception as exc:
        if _shutdown.is_set() and not progress.planner_stop:
            rows.update(**_requeue_fields())
            return
        if not isinstance(exc, ValueError):
            log.exception("nesting marker %s failed", marker.pk)
        message = str(exc) or exc.__class__.__name__
        now = timezone.now()
        if progress.planner_stop:
            # Stopped before the engine found a first marker: nothing to keep.
            rows.update(
                status=MarkerStatus.STOPPED, phase="", error=message[:ERROR_MAX], finished_at=now
            )
        else:
            rows.update(
                status=MarkerStatus.FAILED, phase="", error=message[:ERROR_MAX], finished_at=now
            )
        return
    if result.stopped and _shutdown.is_set() and not progress.planner_stop:
        rows.update(**_requeue_fields())
        return
    now = timezone.now()
    rows.update(
        **_figures(result.marker),
        status=MarkerStatus.STOPPED if result.stopped else MarkerStatus.DONE,
        phase="",
        error="",
        heartbeat_at=now,
        finished_at=now,
    )


def claim_next() -> Marker | None:
    """Take the oldest queued marker of any organization: queued -> running in one
    conditional UPDATE, so of two runners only one wins it (the other tries the next)."""
    while True:
        pk = (
            Marker.unscoped.filter(status=MarkerStatus.QUEUED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            return None
        now = timezone.now()
        won = Marker.unscoped.filter(pk=pk, status=MarkerStatus.QUEUED).update(
            status=MarkerStatus.RUNNING, started_at=now, heartbeat_at=now, phase=""
        )
        if won:
            return Marker.unscoped.select_related("tenant").get(pk=pk)


def release_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Markers left running by a runner that died: queued again the first time, failed the
    second (a stop the planner asked for is honoured). Returns their ids."""
    now = now or timezone.now()
    released: list[int] = []
    running = Marker.unscoped.filter(status=MarkerStatus.RUNNING).only(
        "pk", "time_limit_s", "started_at", "heartbeat_at", "stop_requested", "error"
    )
    for marker in running:
        signs = [t for t in (marker.heartbeat_at, marker.started_at) if t is not None]
        limit = now - dt.timedelta(seconds=marker.time_limit_s + STALE_MARGIN_S)
        if signs and max(signs) >= limit:
            continue
        fields: dict[str, Any]
        if marker.stop_requested:
            fields = {"status": MarkerStatus.STOPPED, "phase": "", "finished_at": now}
        elif marker.error:
            # `error` on a running marker is the note left when it was queued again.
            fields = {
                "status": MarkerStatus.FAILED,
                "phase": "",
                "finished_at": now,
                "error": _(
                    "The nesting of this marker was interrupted twice (the runner stopped). "
                    "Try a shorter time budget or fewer garments."
                ),
            }
        else:
            fields = {
                **_requeue_fields(),
                "error": _(
                    "The first nesting of this marker was interrupted (the runner stopped); "
                    "it was queued again."
                ),
            }
        same = Marker.unscoped.filter(
            pk=marker.pk, status=MarkerStatus.RUNNING, heartbeat_at=marker.heartbeat_at
        )
        if same.update(**fields):
            log.warning("marker %s was left running by a runner that stopped", marker.pk)
            released.append(marker.pk)
    return released


def run_next(*, workers: int | None = None) -> Marker | None:
    """Nest the oldest queued marker, in its organization; None when nothing is queued."""
    release_stale()
    marker = claim_next()
    if marker is None:
        return None
    with tenant_context(marker.tenant):
        marker = Marker.objects.select_related("pattern").get(pk=marker.pk)
        _run(marker, workers=workers)
        return Marker.objects.get(pk=marker.pk)
