"""Pay-period arithmetic: which days a period covers, and its bounds in the factory's time."""

from __future__ import annotations

import calendar
import datetime as dt

from seamline.payroll.choices import PayCycle
from seamline.shopfloor.attendance import factory_zone


def period_days(day: dt.date, cycle: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period of `cycle` that contains `day`."""
    if cycle == PayCycle.WEEKLY:
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    last_of_month = calendar.monthrange(day.year, day.month)[1]
    if cycle == PayCycle.SEMI_MONTHLY:
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), day.replace(day=last_of_month)
    return day.replace(day=1), day.replace(day=last_of_month)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the factory's time zone (whatever zone is active:
    a period's days are the factory's, whether computed in a request or a command)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=factory_zone())


def bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The half-open span of time [start 00:00, day after end 00:00) in the factory's zone."""
    return day_start(start), day_start(end + dt.timedelta(days=1))


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(factory_zone()).date()
