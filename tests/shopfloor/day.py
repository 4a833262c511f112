"""A shop-floor day in Shanghai for the floor, skills and layout tests: its moments and
scans (the `shanghai` fixture, in conftest, makes it the active time zone)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from seamline.shopfloor.scanning import ScanInput

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 20)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def scan(cid: str, bundle: int, op: int, worker: str, when: dt.datetime) -> ScanInput:
    return ScanInput(client_id=cid, bundle=bundle, operation=op, worker=worker, scanned_at=when)
