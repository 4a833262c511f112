"""A factory's capacity profile: what it can make, its machine park and the standard minutes
it offers week by week, kept in the factory's own tenant and read by its clusters.

Weekly capacity (derived minutes) of a week, Monday first:
    sum over active sewing lines of (active workers on the line x the line's working minutes
    per day) x working days (Monday to Saturday; no holiday calendar is kept yet)
    x the factory's measured efficiency over the last 4 weeks
       (earned standard minutes of credited scans / attended minutes, at most 1;
        0.65 when nothing was measured).
A factory without shop-floor lines (or workers on them) is derived from its profile instead:
profile lines x operators per line x 480 minutes a day. A week edited by hand keeps its
available minutes when the weeks are derived again.

Free minutes of a week are the available minutes less what the factory has promised in
offered or accepted allocations of any cluster: each allocation's minutes (garments x SMV)
are booked from the week it is due backwards, filling the weeks it can.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from seamline.catalog.choices import MachineType
from seamline.cluster.choices import AllocationStatus, Capability
from seamline.cluster.models import Allocation, CapacityProfile, CapacityWeek, MachineCount
from seamline.quality.record import QualityRecord, quality_record
from seamline.shopfloor.attendance import factory_today, factory_zone
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Attendance, Line, Scan, Worker
from seamline.tenancy.context import current_tenant, tenant_context
from seamline.tenancy.models import Organization
from seamline.tenancy.services import audit_record

WEEKS_AHEAD = 12
WORKING_DAYS = 6  # Monday to Saturday
DEFAULT_MINUTES_PER_DAY = 480
DEFAULT_EFFICIENCY = Decimal("0.65")
MAX_EFFICIENCY = Decimal("1")
EFFICIENCY_DAYS = 28
QUALITY_DAYS = 90
MAX_WEEK_MINUTES = 10_000_000
PROMISED = (AllocationStatus.OFFERED, AllocationStatus.ACCEPTED)
CERTIFICATION_MAX = 100
TEXT_MAX = 100
FOUR_PLACES = Decimal("0.0001")


class ProfileError(enum.StrEnum):
    NOT_A_FACTORY = "not_a_factory"
    UNKNOWN_CAPABILITY = "unknown_capability"
    UNKNOWN_MACHINE = "unknown_machine"
    NEGATIVE = "negative"
    TOO_LONG = "too_long"
    NOT_A_MONDAY = "not_a_monday"
    BAD_NUMBER = "bad_number"


def _refuse(field: str, message: str, code: ProfileError) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _own(profile: CapacityProfile) -> None:
    """Only the factory itself (or a script with no tenant active) writes its profile."""
    active = current_tenant()
    if active is not None and active.pk != profile.tenant_id:
        raise PermissionDenied(_("Only the factory itself keeps its capacity profile."))


# --- the profile -------------------------------------------------------------------------


def _seed(factory: Organization) -> dict[str, Any]:
    """First values of a profile, from the factory's own data (its tenant is active)."""
    lines = Line.objects.filter(is_active=True)
    line_count = lines.count()
    workers = Worker.objects.filter(is_active=True, line__in=lines).count()
    per_line = (
        int((Decimal(workers) / line_count).quantize(Decimal(1), ROUND_HALF_UP))
        if line_count
        else 0
    )
    return {"city": factory.city, "lines": line_count, "operators_per_line": per_line}


def profile_for(factory: Organization) -> CapacityProfile:
    """The factory's profile, made the first time from its data (and its weeks derived)."""
    with tenant_context(factory):
        profile = CapacityProfile.objects.first()
        if profile is not None:
            return profile
        try:
            with transaction.atomic():
                profile = CapacityProfile.objects.create(**_seed(factory))
        except IntegrityError:  # made meanwhile by a concurrent request
            return CapacityProfile.objects.get()
        weeks_refresh(profile=profile)
        return profile


def profile_of(factory: Organization) -> CapacityProfile | None:
    """The factory's profile if it keeps one, for its cluster's operator and brands (the
    caller has checked the reader may see it). Never creates one."""
    return CapacityProfile.unscoped.filter(tenant=factory).first()


def _clean_text(value: str | None, field: str, limit: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise _refuse(
            field, _("At most %(max)d characters.") % {"max": limit}, ProfileError.TOO_LONG
        )
    return text


def _count(value: Any, field: str) -> int:
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        number = int(value)
        if isinstance(value, float | Decimal) and value != number:
            raise ValueError(value)
    except (TypeError, ValueError, OverflowError, InvalidOperation):
        raise _refuse(field, _("Enter a whole number."), ProfileError.BAD_NUMBER) from None
    if number < 0:
        raise _refuse(field, _("Enter a whole number, 0 or more."), ProfileError.NEGATIVE)
    return number


def _capabilities(values: Iterable[str]) -> list[str]:
    chosen = [str(v).strip() for v in values]
    unknown = [v for v in chosen if v not in Capability.values]
    if unknown:
        raise _refuse(
            "capabilities",
            _("Unknown capabilities: %(codes)s.") % {"codes": ", ".join(unknown)},
            ProfileError.UNKNOWN_CAPABILITY,
        )
    return [c for c in Capability.values if c in chosen]  # the catalogue's order, once each


def _certifications(values: Iterable[str]) -> list[str]:
    result: list[str] = []
    for value in values:
        text = _clean_text(value, "certifications", CERTIFICATION_MAX)
        if text and text.lower() not in {c.lower() for c in result}:
            result.append(text)
    return result


def _machines(machines: Mapping[str, Any]) -> dict[str, int]:
    unknown = sorted(code for code in machines if code not in MachineType.values)
    if unknown:
        raise _refuse(
            "machines",
            _("Unknown machine types: %(codes)s.") % {"codes": ", ".join(unknown)},
            ProfileError.UNKNOWN_MACHINE,
        )
    counts: dict[str, int] = {}
    for code, value in machines.items():
        try:
            counts[code] = _count(value, "machines")
        except ValidationError:
            raise _refuse(
                "machines",
                _("The count of %(machine)s must be a whole number, 0 or more.")
                % {"machine": MachineType(code).label},
                ProfileError.NEGATIVE,
            ) from None
    return counts


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _refuse(field, _("Enter an amount."), ProfileError.BAD_NUMBER) from None
    if not amount.is_finite() or amount < 0:
        raise _refuse(field, _("Enter an amount, 0 or more."), ProfileError.NEGATIVE)
    amount = amount.quantize(FOUR_PLACES, ROUND_HALF_UP)
    if amount >= Decimal("100000000"):
        raise _refuse(field, _("This amount is too large."), ProfileError.BAD_NUMBER)
    return amount


@transaction.atomic
def profile_update(
    *,
    profile: CapacityProfile,
    capabilities: Iterable[str],
    style_notes: str,
    lines: int,
    operators_per_line: int,
    certifications: Iterable[str],
    city: str,
    province: str,
    min_order_qty: int,
    cost_per_minute: Decimal,
    machines: Mapping[str, int],
    by: Any,
) -> CapacityProfile:
    """Change the profile and its machine park (a count of 0 takes the type out)."""
    _own(profile)
    errors: dict[str, list[ValidationError]] = {}
    values: dict[str, Any] = {}
    checks: list[tuple[str, Any]] = [
        ("capabilities", lambda: _capabilities(capabilities)),
        ("style_notes", lambda: _clean_text(style_notes, "style_notes", 2000)),
        ("lines", lambda: _count(lines, "lines")),
        ("operators_per_line", lambda: _count(operators_per_line, "operators_per_line")),
        ("certifications", lambda: _certifications(certifications)),
        ("city", lambda: _clean_text(city, "city")),
        ("province", lambda: _clean_text(province, "province")),
        ("min_order_qty", lambda: _count(min_order_qty, "min_order_qty")),
        ("cost_per_minute", lambda: _money(cost_per_minute, "cost_per_minute")),
        ("machines", lambda: _machines(machines)),
    ]
    for name, check in checks:
        try:
            values[name] = check()
        except ValidationError as exc:
            for field, field_errors in exc.error_dict.items():
                errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    counts: dict[str, int] = values.pop("machines")
    with tenant_context(profile.tenant):
        locked = CapacityProfile.objects.select_for_update().get(pk=profile.pk)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, "updated_at"])
        existing = {m.machine_type: m for m in MachineCount.objects.filter(profile=locked)}
        for code, count in counts.items():
            row = existing.get(code)
            if count == 0:
                if row is not None:
                    row.delete()
            elif row is None:
                MachineCount.objects.create(profile=locked, machine_type=code, count=count)
            elif row.count != count:
                row.count = count
                row.save(update_fields=["count"])
        audit_record(
            actor=by,
            action="cluster.profile_update",
            obj=locked,
            data={"machines": counts, "capabilities": values["capabilities"]},
        )
    for model_field in CapacityProfile._meta.concrete_fields:
        setattr(profile, model_field.attname, getattr(locked, model_field.attname))
    return profile


def machine_park(profile: CapacityProfile) -> dict[str, int]:
    """Machine type code -> count, in the catalogue's order (types it has only)."""
    counts = dict(
        MachineCount.unscoped.filter(profile=profile).values_list("machine_type", "count")
    )
    return {code: counts[code] for code in MachineType.values if code in counts}


# --- weeks -------------------------------------------------------------------------------


def measured_efficiency(today: dt.date | None = None) -> Decimal:
    """The active tenant's earned over attended minutes in the 4 weeks before `today` (at
    most 1; 0.65 when nothing was measured)."""
    today = today or factory_today()
    first = today - dt.timedelta(days=EFFICIENCY_DAYS)
    zone = factory_zone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(today, dt.time.min, tzinfo=zone)
    earned = Scan.objects.filter(
        status=ScanStatus.CREDITED, scanned_at__gte=start, scanned_at__lt=end
    ).aggregate(minutes=Sum(F("quantity") * F("operation__smv")))["minutes"]
    rows = Attendance.objects.filter(day__gte=first, day__lt=today).only(
        "clock_in", "clock_out", "break_minutes"
    )
    attended = sum(row.attended_minutes(until=end) for row in rows)
    if not earned or not attended:
        return DEFAULT_EFFICIENCY
    return min(MAX_EFFICIENCY, (Decimal(earned) / attended).quantize(FOUR_PLACES, ROUND_HALF_UP))


def line_minutes_per_day(profile: CapacityProfile) -> int:
    """Attended minutes a day the factory can put in: its lines' workers x minutes a day."""
    rows = (
        Line.objects.filter(is_active=True)
        .annotate(active_workers=Count("workers", filter=Q(workers__is_active=True)))
        .values_list("active_workers", "working_minutes_per_day")
    )
    total = sum(workers * minutes for workers, minutes in rows)
    if total:
        return int(total)
    return profile.lines * profile.operators_per_line * DEFAULT_MINUTES_PER_DAY


def derived_week_minutes(profile: CapacityProfile) -> int:
    """Standard minutes of one full working week (see the module's docstring)."""
    with tenant_context(profile.tenant):
        per_day = line_minutes_per_day(profile)
        efficiency = measured_efficiency()
    return int((Decimal(per_day * WORKING_DAYS) * efficiency).quantize(Decimal(1), ROUND_HALF_UP))


def coming_weeks(start: dt.date | None = None, weeks: int = WEEKS_AHEAD) -> list[dt.date]:
    """Mondays of `weeks` weeks from the week of `start` (the factory's today)."""
    first = monday(start or factory_today())
    return [first + dt.timedelta(weeks=n) for n in range(weeks)]


@transaction.atomic
def weeks_refresh(
    *, profile: CapacityProfile, start: dt.date | None = None, weeks: int = WEEKS_AHEAD
) -> list[CapacityWeek]:
    """Derive the standard minutes of `weeks` weeks from the week of `start` again; weeks
    edited by hand keep their available minutes."""
    _own(profile)
    with tenant_context(profile.tenant):
        mondays = coming_weeks(start, weeks)
        minutes = derived_week_minutes(profile)
        existing = {
            w.week_start: w
            for w in CapacityWeek.objects.select_for_update().filter(
                profile=profile, week_start__in=mondays
            )
        }
        result = []
        for week_start in mondays:
            row = existing.get(week_start)
            if row is None:
                row = CapacityWeek.objects.create(
                    profile=profile,
                    week_start=week_start,
                    derived_minutes=minutes,
                    available_minutes=minutes,
                )
            else:
                fields = ["derived_minutes"]
                row.derived_minutes = minutes
                if not row.edited:
                    row.available_minutes = minutes
                    fields.append("available_minutes")
                row.save(update_fields=fields)
            result.append(row)
    return result


def _week_start(week_start: Any) -> dt.date:
    if isinstance(week_start, str):
        try:
            week_start = dt.date.fromisoformat(week_start)
        except ValueError:
            raise _refuse(
                "week_start", _("Enter a date (YYYY-MM-DD)."), ProfileError.NOT_A_MONDAY
            ) from None
    if not isinstance(week_start, dt.date) or week_start.weekday() != 0:
        raise _refuse("week_start", _("A week starts on a Monday."), ProfileError.NOT_A_MONDAY)
    return week_start


@transaction.atomic
def week_set(
    *, profile: CapacityProfile, week_start: dt.date, minutes: int, by: Any
) -> CapacityWeek:
    """Set a week's available standard minutes by hand (kept when weeks are derived)."""
    _own(profile)
    week_start = _week_start(week_start)
    minutes = _count(minutes, "minutes")
    if minutes > MAX_WEEK_MINUTES:
        raise _refuse(
            "minutes", _("That is more minutes than a week can hold."), ProfileError.BAD_NUMBER
        )
    with tenant_context(profile.tenant):
        row = (
            CapacityWeek.objects.select_for_update()
            .filter(profile=profile, week_start=week_start)
            .first()
        )
        if row is None:
            row = CapacityWeek.objects.create(
                profile=profile,
                week_start=week_start,
                derived_minutes=derived_week_minutes(profile),
                available_minutes=minutes,
                edited=True,
            )
        else:
            row.available_minutes = minutes
            row.edited = True
            row.save(update_fields=["available_minutes", "edited"])
        audit_record(
            actor=by,
            action="cluster.week_set",
            obj=row,
            summary=f"{week_start.isoformat()}: {minutes}",
        )
    return row


@transaction.atomic
def week_reset(*, profile: CapacityProfile, week_start: dt.date, by: Any) -> CapacityWeek:
    """Undo a hand edit: the week offers its derived minutes again."""
    _own(profile)
    week_start = _week_start(week_start)
    with tenant_context(profile.tenant):
        row = (
            CapacityWeek.objects.select_for_update()
            .filter(profile=profile, week_start=week_start)
            .first()
        )
        if row is None:
            raise _refuse(
                "week_start", _("No such week in the profile."), ProfileError.NOT_A_MONDAY
            )
        row.available_minutes = row.derived_minutes
        row.edited = False
        row.save(update_fields=["available_minutes", "edited"])
        audit_record(actor=by, action="cluster.week_reset", obj=row, summary=str(week_start))
    return row


def weeks_of(profile: CapacityProfile, week_starts: list[dt.date]) -> list[CapacityWeek]:
    rows = CapacityWeek.unscoped.filter(profile=profile, week_start__in=week_starts)
    return list(rows.order_by("week_start"))


# --- free capacity -----------------------------------------------------------------------


def _minutes(quantity: int, smv: Decimal) -> int:
    return math.ceil(Decimal(quantity) * smv)


def free_minutes(factory: Organization, week_starts: list[dt.date]) -> dict[dt.date, int]:
    """Available minutes less the minutes promised in offered and accepted allocations of
    any cluster, for each of `week_starts` (Mondays); a week without a row counts as 0 and
    a week promised beyond what it offers as 0. Two queries."""
    return free_minutes_of([factory], week_starts)[factory.pk]


def _book(free: dict[dt.date, int], minutes: int, ready_date: dt.date) -> None:
    """Take `minutes` from the week `ready_date` falls in, then the weeks before it."""
    earliest = min(free) if free else None
    due = monday(ready_date)
    week = due
    while minutes > 0 and earliest is not None and week >= earliest:
        take = min(free.get(week, 0), minutes)
        if take > 0:
            free[week] -= take
            minutes -= take
        week -= dt.timedelta(weeks=1)
    if minutes > 0:  # more than the weeks up to its due date hold: the due week is short
        free[due] = free.get(due, 0) - minutes


def free_minutes_of(
    factories: Iterable[Organization], week_starts: list[dt.date]
) -> dict[int, dict[dt.date, int]]:
    """`free_minutes` of many factories at once, by organization id. Two queries."""
    ids = [f.pk for f in factories]
    free: dict[int, dict[dt.date, int]] = {pk: {} for pk in ids}
    weeks = CapacityWeek.unscoped.filter(tenant_id__in=ids).values_list(
        "tenant_id", "week_start", "available_minutes"
    )
    for tenant_id, week_start, minutes in weeks:
        free[tenant_id][week_start] = minutes
    promised = (
        Allocation.unscoped.filter(factory_id__in=ids, status__in=PROMISED)
        .order_by("ready_date", "pk")
        .values_list("factory_id", "quantity", "order__smv", "ready_date")
    )
    for factory_id, quantity, smv, ready_date in promised:
        _book(free[factory_id], _minutes(quantity, smv), ready_date)
    return {
        pk: {week: max(0, rows.get(week, 0)) for week in week_starts} for pk, rows in free.items()
    }


# --- quality -----------------------------------------------------------------------------


def quality_of(factory: Organization) -> QualityRecord:
    """The factory's quality record of the last 90 days, from its own inspections."""
    with tenant_context(factory):
        until = factory_today()
        return quality_record(since=until - dt.timedelta(days=QUALITY_DAYS - 1), until=until)


# --- what a cluster's operator and brands read -------------------------------------------


def capability_labels(profile: CapacityProfile | None) -> list[str]:
    """The profile's capabilities in words (the active language)."""
    if profile is None:
        return []
    return [str(Capability(c).label) for c in profile.capabilities if c in Capability.values]


class FactorySummary:
    """One factory member's profile at a glance, with its free minutes of the next weeks."""

    def __init__(
        self, organization: Organization, profile: CapacityProfile | None, free: list[int]
    ) -> None:
        self.organization = organization
        self.profile = profile
        self.free = free

    @property
    def capability_labels(self) -> list[str]:
        return capability_labels(self.profile)


def factory_summaries(
    factories: Iterable[Organization], week_starts: list[dt.date]
) -> list[FactorySummary]:
    """Summaries of `factories` (the caller has checked the reader may see them). Three
    queries, however many factories."""
    factories = list(factories)
    profiles = {
        p.tenant_id: p
        for p in CapacityProfile.unscoped.filter(tenant__in=[f.pk for f in factories])
    }
    free = free_minutes_of(factories, week_starts)
    return [
        FactorySummary(org, profiles.get(org.pk), [free[org.pk][w] for w in week_starts])
        for org in factories
    ]
