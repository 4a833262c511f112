"""What a worker's credited scans earn, as the phone shows it through the day.

The shop floor alone prices a scan at its operation's bulletin rate. Payroll, which owns
dated rates and skill-grade multipliers, installs its own pricing here when it loads, so the
phone and the pay slip agree without the shop floor depending on payroll.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from seamline.shopfloor.models import Scan, Worker

Pricer = Callable[[Worker, Sequence[Scan]], dict[int, Decimal]]


def bulletin_prices(worker: Worker, scans: Sequence[Scan]) -> dict[int, Decimal]:
    return {scan.pk: scan.operation.piece_rate * scan.quantity for scan in scans}


_pricer: Pricer = bulletin_prices


def use_pricer(pricer: Pricer) -> None:
    global _pricer  # noqa: PLW0603 - one process-wide choice, made when apps load
    _pricer = pricer


def prices(worker: Worker, scans: Sequence[Scan]) -> dict[int, Decimal]:
    """Exact (unrounded) earnings per scan id of `scans`, all credited scans of `worker`."""
    return _pricer(worker, scans) if scans else {}
