"""Marker pages: list, new-marker form, progress while nesting, stop, downloads."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import ezdxf
import pytest
from django.test import Client
from django.urls import reverse

from seamline.catalog.models import Pattern
from seamline.cutting import marker_runner
from seamline.cutting.choices import MarkerStatus
from seamline.cutting.markers import marker_create, marker_nested
from seamline.cutting.models import Marker
from seamline.engines.nesting import marker_svg
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization
from tests.cutting.factories import marker_pattern

pytestmark = pytest.mark.django_db


@pytest.fixture
def pattern(in_tenant_a: Organization) -> Pattern:
    """Tenant A stays active in the test body, as in its requests."""
    return marker_pattern()


def _queue(pattern: Pattern, ratio: dict[str, int], **kw: Any) -> Marker:
    sizes = {s.code: s for s in pattern.style.size_grid.sizes.all()}
    options = {"fabric_width_mm": 1500, "direction": "two_way", "spacing_mm": Decimal("2")}
    options.update(kw)
    return marker_create(
        pattern=pattern,
        ratio={sizes[code]: n for code, n in ratio.items()},
        time_limit_s=2,
        by=None,
        **options,
    )


def _form(**fields: Any) -> dict[str, Any]:
    data = {"fabric_width_mm": 1500, "direction": "two_way", "spacing_mm": "2.0"}
    data["time_limit_s"] = 30
    data.update(fields)
    return data


def test_new_marker_form_is_prefilled_from_the_cutting_rooms_link(
    pattern: Pattern, planner_a: Client
) -> None:
    url = reverse("cutting:marker_new", args=[pattern.pk])

    response = planner_a.get(url + "?ratio=S:1,M:2,XXL:4,L:x&width=1520&direction=one_way")

    assert response.status_code == 200
    html = response.content.decode()
    sizes = {s.code: s.pk for s in pattern.style.size_grid.sizes.all()}
    assert re.search(rf'name="ratio_{sizes["S"]}" value="1"', html)
    assert re.search(rf'name="ratio_{sizes["M"]}" value="2"', html)
    assert not re.search(rf'name="ratio_{sizes["L"]}" value=', html)
    assert 'name="fabric_width_mm" value="1520"' in html
    assert '<option value="one_way" selected>' in html


def test_new_marker_refused_shows_each_error_and_queues_nothing(
    pattern: Pattern, planner_a: Client, tenant_a: Organization
) -> None:
    url = reverse("cutting:marker_new", args=[pattern.pk])

    empty = planner_a.post(url, _form(fabric_width_mm=5000))
    too_narrow = planner_a.post(url, _form(**{"fabric_width_mm": 300, _ratio(pattern, "S"): 1}))

    assert empty.status_code == 422
    assert "A marker holds at least one garment" in empty.content.decode()
    assert "Ensure this value is less than or equal to 4000." in empty.content.decode()
    assert too_narrow.status_code == 422
    assert "These pieces cannot be nested: piece S Back" in too_narrow.content.decode()
    assert not Marker.objects.exists()


def _ratio(pattern: Pattern, code: str) -> str:
    return f"ratio_{pattern.style.size_grid.sizes.get(code=code).pk}"


def test_new_marker_is_queued_and_its_page_polls_until_done(
    pattern: Pattern, planner_a: Client, tenant_a: Organization
) -> None:
    url = reverse("cutting:marker_new", args=[pattern.pk])

    response = planner_a.post(url, _form(**{_ratio(pattern, "S"): 1, _ratio(pattern, "M"): 2}))

    marker = Marker.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cutting:marker_detail", args=[marker.pk])
    assert marker.status == MarkerStatus.QUEUED
    assert marker.time_limit_s == 30
    page = planner_a.get(response["Location"]).content.decode()
    assert "Marker S:1 M:2 was queued" in page
    progress = reverse("cutting:marker_progress", args=[marker.pk])
    assert f'hx-get="{progress}" hx-trigger="every 2s"' in page
    assert "Waiting for the nesting runner" in page
    assert reverse("cutting:marker_stop", args=[marker.pk]) in page
    assert reverse("cutting:marker_pdf", args=[marker.pk]) not in page

    Marker.unscoped.filter(pk=marker.pk).update(time_limit_s=2)
    marker_runner.run_next()

    fragment = planner_a.get(progress)
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert html.startswith('<div id="marker-progress"')
    assert "hx-trigger" not in html  # done: the polling stops
    marker.refresh_from_db()
    assert marker.status == MarkerStatus.DONE
    assert marker.length_mm is not None
    assert marker.efficiency_pct is not None
    length_m = (marker.length_mm / 1000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    efficiency = marker.efficiency_pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert f'data-kpi="length">{length_m} m<' in html
    assert f'data-kpi="efficiency">{efficiency} %<' in html
    assert "<svg" in html
    assert html.count("<polygon") == 12
    assert reverse("cutting:marker_stop", args=[marker.pk]) not in html
    for name in ("marker_svg", "marker_pdf", "marker_dxf"):
        assert reverse(f"cutting:{name}", args=[marker.pk]) in html

    # The downloads are the engine's drawings of the stored marker.
    nested = marker_nested(marker)
    assert nested is not None
    svg = planner_a.get(reverse("cutting:marker_svg", args=[marker.pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"].startswith('attachment; filename="marker-')
    assert svg.content.decode() == marker_svg(nested)
    pdf = planner_a.get(reverse("cutting:marker_pdf", args=[marker.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.content)
    assert box is not None
    page_mm = sorted(float(v) * 25.4 / 72 for v in box.groups())
    assert page_mm == pytest.approx(sorted([nested.length, nested.width]), abs=1.0)
    dxf = planner_a.get(reverse("cutting:marker_dxf", args=[marker.pk]))
    assert dxf["Content-Type"] == "application/dxf"
    drawing = ezdxf.read(io.StringIO(dxf.content.decode()))
    outlines = [e for e in drawing.modelspace() if e.dxftype() in ("LWPOLYLINE", "POLYLINE")]
    assert len(outlines) >= len(nested.placements)


def test_stop_button_stops_a_queued_marker(
    pattern: Pattern, planner_a: Client, tenant_a: Organization
) -> None:
    marker = _queue(pattern, {"M": 1})

    response = planner_a.post(reverse("cutting:marker_stop", args=[marker.pk]), follow=True)

    assert "The marker was stopped before nesting started." in response.content.decode()
    marker.refresh_from_db()
    assert marker.status == MarkerStatus.STOPPED
    again = planner_a.post(reverse("cutting:marker_stop", args=[marker.pk]), follow=True)
    assert "This marker is no longer nesting (Stopped)." in again.content.decode()
    # No drawing to download: back to the marker with a message.
    download = planner_a.get(reverse("cutting:marker_pdf", args=[marker.pk]), follow=True)
    assert "no finished nesting to download" in download.content.decode()


def test_a_running_marker_shows_its_best_so_far_and_stop_asks_the_runner(
    pattern: Pattern, planner_a: Client, tenant_a: Organization
) -> None:
    marker = _queue(pattern, {"L": 1})
    Marker.unscoped.filter(pk=marker.pk).update(
        status=MarkerStatus.RUNNING,
        phase="exploring",
        length_mm=Decimal("1234.5"),
        efficiency_pct=Decimal("71.25"),
    )
    progress = reverse("cutting:marker_progress", args=[marker.pk])

    html = planner_a.get(progress).content.decode()

    assert 'hx-trigger="every 2s"' in html
    assert "Phase: exploring" in html
    assert 'data-kpi="length">1.23 m<' in html
    assert 'data-kpi="efficiency">71.3 %<' in html
    assert "Best length so far" in html
    planner_a.post(reverse("cutting:marker_stop", args=[marker.pk]))
    marker.refresh_from_db()
    assert marker.status == MarkerStatus.RUNNING
    assert marker.stop_requested
    assert "Stopping…" in planner_a.get(progress).content.decode()


def test_markers_list_shows_lengths_in_metres_and_efficiency(
    pattern: Pattern, planner_a: Client, tenant_a: Organization, django_assert_max_num_queries: Any
) -> None:
    done = _queue(pattern, {"S": 1, "M": 1})
    Marker.unscoped.filter(pk=done.pk).update(
        status=MarkerStatus.DONE, length_mm=Decimal("2456.7"), efficiency_pct=Decimal("82.46")
    )
    for n in range(1, 4):
        _queue(pattern, {"L": n}, fabric_width_mm=1800)
    url = reverse("cutting:marker_list", args=[pattern.pk])

    with django_assert_max_num_queries(12):
        html = planner_a.get(url).content.decode()
    narrow = planner_a.get(url + "?width=1500").content.decode()

    assert html.count('<tr data-marker="') == 4
    assert "S:1 M:1" in html
    assert "2.46" in html
    assert "82.5 %" in html
    assert "L:3" in html
    assert narrow.count('<tr data-marker="') == 1
    assert reverse("cutting:marker_new", args=[pattern.pk]) in html


def test_who_may_see_and_who_may_nest(
    pattern: Pattern, client_as: Any, tenant_a: Organization
) -> None:
    marker = _queue(pattern, {"S": 1})
    supervisor, worker = client_as(tenant_a, Role.SUPERVISOR), client_as(tenant_a, Role.WORKER)
    detail = reverse("cutting:marker_detail", args=[marker.pk])
    new = reverse("cutting:marker_new", args=[pattern.pk])
    stop = reverse("cutting:marker_stop", args=[marker.pk])

    seen = supervisor.get(detail)
    assert seen.status_code == 200
    assert stop not in seen.content.decode()
    assert supervisor.get(new).status_code == 403
    assert supervisor.post(stop).status_code == 403
    assert worker.get(detail).status_code == 403
    assert worker.get(reverse("cutting:marker_list", args=[pattern.pk])).status_code == 403
    marker.refresh_from_db()
    assert marker.status == MarkerStatus.QUEUED
