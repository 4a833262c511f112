"""Markers: queue, nest in the background runner, stop, the stale-job rule (services, runner)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from seamline.catalog.models import Pattern, PatternPiece, Size
from seamline.cutting import marker_runner
from seamline.cutting.choices import FabricDirection, MarkerStatus
from seamline.cutting.markers import (
    marker_create,
    marker_nested,
    marker_ratio_key,
    marker_stop,
    markers_of_pattern,
    nested_lengths,
    nesting_problem,
)
from seamline.cutting.models import Marker
from seamline.engines.nesting import Marker as Nested
from seamline.engines.nesting import Placement, check_marker
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import marker_pattern

pytestmark = pytest.mark.django_db


def _sizes(pattern: Pattern) -> dict[str, Size]:
    return {size.code: size for size in pattern.style.size_grid.sizes.all()}


def _queue(pattern: Pattern, ratio: dict[str, int], *, by: Any = None, **settings: Any) -> Marker:
    sizes = _sizes(pattern)
    options: dict[str, Any] = {
        "fabric_width_mm": 1500,
        "direction": FabricDirection.TWO_WAY,
        "spacing_mm": Decimal("2.0"),
        "time_limit_s": 2,
    }
    options.update(settings)
    return marker_create(
        pattern=pattern, ratio={sizes[c]: n for c, n in ratio.items()}, by=by, **options
    )


@pytest.fixture
def pattern(in_tenant_a: Organization) -> Pattern:
    return marker_pattern()


@pytest.fixture
def owner(in_tenant_a: Organization, member: Any) -> User:
    return member(in_tenant_a)


def test_a_queued_marker_is_nested_to_done_with_length_efficiency_and_placements(
    pattern: Pattern, owner: User
) -> None:
    marker = _queue(pattern, {"S": 1, "M": 2, "L": 0}, by=owner)
    assert marker.status == MarkerStatus.QUEUED
    assert marker_ratio_key(marker) == (("M", 2), ("S", 1))

    ran = marker_runner.run_next()

    assert ran is not None
    assert ran.pk == marker.pk
    marker.refresh_from_db()
    assert marker.status == MarkerStatus.DONE
    assert marker.error == ""
    assert marker.phase == ""
    assert marker.started_at
    assert marker.finished_at
    assert marker.finished_at >= marker.started_at
    problem = nesting_problem(marker)
    # Front + Back + a pair of Sleeves per garment, three garments.
    assert problem.copies == 12
    assert sorted(p.label for p in problem.pieces) == sorted(
        f"{size} {name}" for size in ("S", "M") for name in ("Front", "Back", "Sleeve")
    )
    nested = marker_nested(marker)
    assert nested is not None
    assert len(nested.placements) == 12
    assert check_marker(problem, nested) == []
    assert marker.length_mm == Decimal(str(round(nested.length, 1)))
    assert problem.lower_bound_length <= float(marker.length_mm) <= 3 * problem.lower_bound_length
    assert marker.efficiency_pct is not None
    assert 30 < marker.efficiency_pct <= 100
    assert nested_lengths(pattern, 1500) == {(("M", 2), ("S", 1)): float(marker.length_mm)}
    assert nested_lengths(pattern, 1600) == {}
    assert marker_runner.run_next() is None  # nothing else queued


def test_a_marker_is_refused_with_a_message_per_field_and_nothing_is_written(
    pattern: Pattern, owner: User
) -> None:
    other = marker_pattern(sizes=("XS", "XL"))
    sizes = _sizes(pattern)
    bare = Size.objects.create(grid=pattern.style.size_grid, code="XXL", position=9)

    with pytest.raises(ValidationError) as refused:
        marker_create(
            pattern=pattern,
            ratio={sizes["S"]: -1, sizes["M"]: 51, bare: 1, _sizes(other)["XL"]: 1},
            fabric_width_mm=250,
            direction="sideways",
            spacing_mm=Decimal("60"),
            time_limit_s=1,
            by=owner,
        )

    errors = refused.value.message_dict
    assert sorted(errors) == [
        "direction",
        "fabric_width_mm",
        "ratio",
        "spacing_mm",
        "time_limit_s",
    ]
    assert errors["ratio"] == [
        "The ratio of size S must be 0 to 50.",
        "The ratio of size M must be 0 to 50.",
        "The pattern has no pieces of size XXL; import them first.",
        "Size XL is not in this style's size grid.",
    ]
    assert errors["fabric_width_mm"] == [
        "The fabric width is 300 to 4000 mm, between the selvedges."
    ]
    with pytest.raises(ValidationError) as empty:
        _queue(pattern, {"S": 0, "M": 0})
    assert empty.value.message_dict["ratio"] == [
        "A marker holds at least one garment: give a size a ratio of 1 or more."
    ]
    # The Back (then the Front) is 300 mm across the fabric whichever way it lies in a
    # two-way marker: more than 300 mm less 2 mm of spacing at each selvedge.
    with pytest.raises(ValidationError) as too_wide:
        _queue(pattern, {"S": 1}, fabric_width_mm=300)
    assert too_wide.value.messages[0].startswith(
        "These pieces cannot be nested: piece S Back: 300.0 mm across"
    )
    assert not Marker.objects.exists()


def test_stopping_a_queued_marker_stops_it_at_once_and_the_runner_skips_it(
    pattern: Pattern, owner: User
) -> None:
    marker = _queue(pattern, {"M": 1}, by=owner)

    marker = marker_stop(marker=marker, by=owner)

    assert marker.status == MarkerStatus.STOPPED
    assert marker.finished_at is not None
    assert marker.length_mm is None
    assert marker_runner.run_next() is None
    with pytest.raises(ValidationError, match="no longer nesting"):
        marker_stop(marker=marker, by=owner)


def test_stopping_a_running_marker_ends_it_stopped_with_the_best_marker_so_far(
    pattern: Pattern, owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = _queue(pattern, {"S": 2, "M": 2, "L": 2}, by=owner, time_limit_s=30)
    real_nest = marker_runner.nest
    seen: list[str] = []

    def nest_and_stop_at_first_progress(problem: Any, **kwargs: Any) -> Any:
        on_progress = kwargs["on_progress"]

        def progress(best: Any, phase: str) -> None:
            on_progress(best, phase)
            if not seen:  # the planner presses Stop while the marker is nesting
                running = Marker.objects.get(pk=marker.pk)
                seen.append(running.status)
                marker_stop(marker=running, by=owner)

        return real_nest(problem, **{**kwargs, "on_progress": progress})

    monkeypatch.setattr(marker_runner, "nest", nest_and_stop_at_first_progress)
    started = time.monotonic()

    marker_runner.run_next()

    assert time.monotonic() - started < 20  # far less than the 30 s budget
    assert seen == [MarkerStatus.RUNNING]
    marker.refresh_from_db()
    assert marker.status == MarkerStatus.STOPPED
    assert marker.stop_requested is True
    nested = marker_nested(marker)
    assert nested is not None
    assert len(nested.placements) == 24
    assert check_marker(nesting_problem(marker), nested) == []
    # A stopped marker's length counts for the cut planner like a done one.
    assert marker.length_mm == Decimal(str(round(nested.length, 1)))
    assert nested_lengths(pattern, 1500) == {
        (("L", 2), ("M", 2), ("S", 2)): float(marker.length_mm)
    }


def test_two_runners_never_claim_the_same_marker(
    pattern: Pattern, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _queue(pattern, {"S": 1}), _queue(pattern, {"M": 1})
    real_now = timezone.now
    taken_by_b: list[Marker | None] = []

    def now_after_runner_b_claims() -> dt.datetime:
        # Runner A has read the oldest queued marker and is about to claim it; runner B
        # claims first.
        if not taken_by_b:
            taken_by_b.append(None)
            taken_by_b[0] = marker_runner.claim_next()
        return real_now()

    monkeypatch.setattr(marker_runner.timezone, "now", now_after_runner_b_claims)
    taken_by_a = marker_runner.claim_next()

    assert taken_by_b[0] is not None
    assert taken_by_b[0].pk == first.pk
    assert taken_by_a is not None
    assert taken_by_a.pk == second.pk
    assert marker_runner.claim_next() is None
    assert set(Marker.objects.values_list("status", flat=True)) == {MarkerStatus.RUNNING}


def test_a_marker_left_running_by_a_dead_runner_is_queued_again_once_then_failed(
    pattern: Pattern,
) -> None:
    lost, alive, asked = (_queue(pattern, {"S": 1}, time_limit_s=10) for _ in range(3))
    now = timezone.now()
    long_ago = now - dt.timedelta(seconds=10 + marker_runner.STALE_MARGIN_S + 1)
    Marker.objects.filter(pk__in=[lost.pk, asked.pk]).update(
        status=MarkerStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    Marker.objects.filter(pk=asked.pk).update(stop_requested=True)
    Marker.objects.filter(pk=alive.pk).update(
        status=MarkerStatus.RUNNING, started_at=long_ago, heartbeat_at=now - dt.timedelta(seconds=5)
    )

    assert sorted(marker_runner.release_stale(now=now)) == sorted([lost.pk, asked.pk])

    lost.refresh_from_db()
    assert lost.status == MarkerStatus.QUEUED
    assert lost.started_at is None
    assert lost.heartbeat_at is None
    assert "queued again" in lost.error
    asked.refresh_from_db()
    assert asked.status == MarkerStatus.STOPPED
    alive.refresh_from_db()
    assert alive.status == MarkerStatus.RUNNING

    # Its second runner dies too: now it fails.
    Marker.objects.filter(pk=lost.pk).update(
        status=MarkerStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    assert marker_runner.release_stale(now=now) == [lost.pk]
    lost.refresh_from_db()
    assert lost.status == MarkerStatus.FAILED
    assert "interrupted twice" in lost.error
    assert lost.finished_at == now


def test_a_marker_the_engine_refuses_fails_with_its_reason_through_the_command(
    pattern: Pattern, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = _queue(pattern, {"S": 1})
    # The pattern changed after queueing: the S Back's cut line now crosses itself.
    PatternPiece.objects.filter(pattern=pattern, size__code="S", name="Back").update(
        outline=[[0, 0], [200, 200], [200, 0], [0, 200]]
    )

    call_command("run_markers")

    marker.refresh_from_db()
    assert marker.status == MarkerStatus.FAILED
    assert marker.error.startswith("piece S Back:")
    assert marker.finished_at is not None
    assert marker.length_mm is None
    assert f"marker {marker.pk}: failed" in capsys.readouterr().out


def test_markers_of_pattern_are_newest_first_by_width_with_ratios_in_few_queries(
    pattern: Pattern, django_assert_num_queries: Any
) -> None:
    older = _queue(pattern, {"S": 1, "M": 1})
    wider = _queue(pattern, {"L": 2}, fabric_width_mm=1800)
    newer = _queue(pattern, {"M": 3})
    Marker.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))

    with django_assert_num_queries(2):
        rows = list(markers_of_pattern(pattern, fabric_width_mm=1500))
        keys = [marker_ratio_key(m) for m in rows]

    assert [m.pk for m in rows] == [newer.pk, older.pk]
    assert keys == [(("M", 3),), (("M", 1), ("S", 1))]
    assert [m.pk for m in markers_of_pattern(pattern)] == [newer.pk, wider.pk, older.pk]
    # Shortest done-or-stopped length per ratio; running, queued and failed ones don't count.
    Marker.objects.filter(pk=newer.pk).update(status=MarkerStatus.DONE, length_mm=Decimal("900"))
    Marker.objects.filter(pk=older.pk).update(status=MarkerStatus.FAILED, length_mm=Decimal("1"))
    again = _queue(pattern, {"M": 3})
    Marker.objects.filter(pk=again.pk).update(
        status=MarkerStatus.STOPPED, length_mm=Decimal("850.5")
    )
    assert nested_lengths(pattern, 1500) == {(("M", 3),): 850.5}


def test_admin_lists_markers_read_only(
    pattern: Pattern, member: Any, login: Any, in_tenant_a: Organization
) -> None:
    staff = member(in_tenant_a, "owner", is_staff=True, is_superuser=True)
    marker = _queue(pattern, {"S": 1, "M": 2})
    client = login(staff, in_tenant_a)

    listing = client.get(reverse("admin:cutting_marker_changelist"))
    change = client.get(reverse("admin:cutting_marker_change", args=[marker.pk]))

    assert listing.status_code == 200
    assert reverse("admin:cutting_marker_change", args=[marker.pk]) in listing.content.decode()
    assert change.status_code == 200
    assert "Marker ratios" in change.content.decode()
    assert client.get(reverse("admin:cutting_marker_add")).status_code == 403


def test_progress_is_written_at_most_once_a_second_and_the_stop_read_twice_a_second(
    pattern: Pattern, django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = _queue(pattern, {"S": 1}, time_limit_s=10)
    claimed = marker_runner.claim_next()
    assert claimed is not None
    drawing = _drawing()
    clock = [1000.0]
    monkeypatch.setattr(marker_runner.time, "monotonic", lambda: clock[0])
    progress = marker_runner.RunProgress(claimed)

    with django_assert_num_queries(2):  # one progress write, one read of the stop request
        for _ in range(20):
            progress.on_progress(drawing, "exploring")
            assert progress.should_stop() is False
            clock[0] += 0.01
    marker.refresh_from_db()
    assert (marker.phase, marker.length_mm, marker.efficiency_pct) == (
        "exploring",
        Decimal("300.0"),
        Decimal("20.00"),
    )

    Marker.objects.filter(pk=marker.pk).update(stop_requested=True)
    clock[0] += 0.5
    assert progress.should_stop() is True


def _drawing() -> Nested:
    square = ((0.0, 0.0), (300.0, 0.0), (300.0, 300.0), (0.0, 300.0))
    piece = Placement(
        piece_id="S Front",
        label="S Front",
        copy=0,
        mirrored=False,
        rotation=0.0,
        x=0.0,
        y=0.0,
        polygon=square,
    )
    return Nested(width=1500.0, length=300.0, efficiency=0.2, placements=(piece,))
