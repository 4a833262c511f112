"""`seamline manage run_markers [--loop SECONDS]`: nest the queued markers of every
organization, one after the other (once until the queue is empty, or keep polling)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from seamline.cutting import marker_runner


class Command(BaseCommand):
    help = "Nest the queued markers of every organization (until none is left, or keep polling)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            default=0,
            help="Keep running, looking for queued markers every SECONDS seconds.",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="Threads the nesting engine may use."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = max(0.0, float(options["loop"]))
        marker_runner.reset_shutdown()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            previous = {
                sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)
            }
        try:
            self._serve(every, options["workers"], options["verbosity"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _stop(self, signum: int, frame: Any) -> None:
        # The marker being nested goes back to the queue; the next runner takes it.
        marker_runner.request_shutdown()

    def _serve(self, every: float, workers: int | None, verbosity: int) -> None:
        while not marker_runner.shutdown_requested():
            try:
                marker = marker_runner.run_next(workers=workers)
            except Exception:  # the database went away: log it, wait and try again
                if not every:
                    raise
                marker_runner.log.exception("the marker runner could not take a marker")
                marker = None
            if marker is not None:
                if verbosity > 0:
                    length = f"{marker.length_mm} mm" if marker.length_mm is not None else "-"
                    self.stdout.write(f"marker {marker.pk}: {marker.status}, {length}")
                continue
            if not every:
                return
            close_old_connections()
            marker_runner.wait_for_shutdown(every)
