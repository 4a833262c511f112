"""Final inspection pages through real requests: the plan calculator, the lots waiting, the
phone form (its plan, counters, submit and verdict) and an inspection's result."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from seamline.engines import aql
from seamline.quality import defaults
from seamline.quality.choices import Outcome, Severity
from seamline.quality.models import DefectType, Inspection
from seamline.shipping.choices import ShipmentStatus
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.quality.isolation_final import Lot, shipment_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot(tenant_a: Organization) -> Lot:
    with tenant_context(tenant_a):
        return shipment_lot(cartons=10, per_carton=50)  # 500 pieces


@pytest.fixture
def inspector(tenant_a: Organization, client_as: Callable[[Organization, str], Client]) -> Client:
    return client_as(tenant_a, Role.INSPECTOR)


def _form_url(lot: Lot) -> str:
    return reverse(
        "quality:final_new", kwargs={"shipment_pk": lot.shipment.pk, "order_pk": lot.order.pk}
    )


def test_calculator_shows_the_plan_and_the_arrow_note(inspector: Client) -> None:
    response = inspector.get(
        reverse("quality:final_plan"),
        {
            "lot_size": 500,
            "level": "II",
            "aql_critical": "0.065",
            "aql_major": "2.5",
            "aql_minor": "4.0",
        },
    )
    engine = aql.sampling_plan(500, "II", "0.065")
    major = aql.sampling_plan(500, "II", "2.5")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd id="plan-letter">H</dd>' in page
    assert f'data-accept="{major.accept}" data-reject="{major.reject}"' in page
    assert (
        f"No plan at letter H for AQL 0.065: the arrow leads to letter {engine.code_letter}, "
        f"sample {engine.plan_sample_size}."
    ) in page


def test_calculator_names_a_bad_field(inspector: Client) -> None:
    response = inspector.get(reverse("quality:final_plan"), {"lot_size": 1, "level": "II"})
    assert response.status_code == 200
    assert "Lot size (pieces):" in response.content.decode()
    assert 'id="final-plan"' not in response.content.decode()


def test_list_shows_the_lot_waiting_and_links_to_the_form(inspector: Client, lot: Lot) -> None:
    response = inspector.get(reverse("quality:final_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert lot.shipment.number in page
    assert _form_url(lot) in page


def test_form_shows_the_plan_counters_grouped_and_suggested_cartons(
    inspector: Client, lot: Lot, tenant_a: Organization
) -> None:
    response = inspector.get(_form_url(lot))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="plan-sample">50</strong>' in page
    with tenant_context(tenant_a):  # an empty catalogue is seeded with the defaults
        assert DefectType.objects.count() == len(defaults.DEFAULT_DEFECTS)
        stain = DefectType.objects.get(code="STAIN")
    assert f'name="defect_{stain.pk}"' in page
    assert '<fieldset class="defect-group" data-severity="critical">' in page
    assert 'value="2, 4, 7, 9"' in page  # sqrt(10) rounded up, spread over cartons 1..10


def test_submitting_records_and_shows_the_verdict(
    inspector: Client, lot: Lot, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        open_seam = DefectType.objects.create(code="OPEN", name="Open seam")
        hem = DefectType.objects.create(code="HEM", name="Uneven hem", severity=Severity.MINOR)
    major = aql.sampling_plan(500, "II", "2.5")
    form = {
        "level": "II", "aql_critical": "0", "aql_major": "2.5", "aql_minor": "4.0",
        "client_id": "phone-1", f"defect_{open_seam.pk}": str(major.reject),
        f"defect_{hem.pk}": "1", "defective_qty": "", "cartons": "2, 4", "note": "seams",
    }  # fmt: skip
    response = inspector.post(_form_url(lot), form)

    with tenant_context(tenant_a):
        inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:final_detail", kwargs={"pk": inspection.pk})
    assert inspection.outcome == Outcome.REJECT
    assert inspection.defective_qty == major.reject + 1
    assert inspection.plan["cartons_opened"] == [2, 4]
    detail = inspector.get(response["Location"]).content.decode()
    assert '<div class="verdict reject" id="verdict">Rejected</div>' in detail
    assert "Open seam" in detail

    # The same submission again (a double tap) records nothing new.
    again = inspector.post(_form_url(lot), form)
    assert again["Location"] == response["Location"]
    with tenant_context(tenant_a):
        assert Inspection.objects.count() == 1


def test_the_server_decides_the_verdict_not_the_browser(
    inspector: Client, lot: Lot, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        label = DefectType.objects.create(code="LBL", name="Label", severity=Severity.CRITICAL)
    response = inspector.post(
        _form_url(lot),
        {"level": "II", "aql_critical": "0", "aql_major": "2.5", "aql_minor": "4.0",
         "client_id": "c1", f"defect_{label.pk}": "1", "verdict": "accept"},
    )  # fmt: skip
    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert Inspection.objects.get().outcome == Outcome.REJECT


def test_bad_input_is_shown_and_nothing_is_written(
    inspector: Client, lot: Lot, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        stain = DefectType.objects.create(code="ST", name="Stain")
    response = inspector.post(
        _form_url(lot),
        {"level": "II", "aql_critical": "0", "aql_major": "2.5", "aql_minor": "4.0",
         "client_id": "bad", f"defect_{stain.pk}": "2", "defective_qty": "3",
         "cartons": "2, 99"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Defective pieces: Defective pieces must be between 1 and 2" in page
    assert "Cartons 99 are not in this lot" in page
    with tenant_context(tenant_a):
        assert Inspection.objects.count() == 0


def test_a_dispatched_shipment_shows_no_form(
    inspector: Client, lot: Lot, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        lot.shipment.status = ShipmentStatus.DISPATCHED
        lot.shipment.save(update_fields=["status"])
    response = inspector.get(_form_url(lot))
    assert response.status_code == 200
    assert 'id="final-form"' not in response.content.decode()
    assert "can no longer be inspected" in response.content.decode()


def test_an_order_not_on_the_shipment_is_404(
    inspector: Client, lot: Lot, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        other = shipment_lot(cartons=1, shipment_number="SHP-2")
    url = reverse(
        "quality:final_new", kwargs={"shipment_pk": lot.shipment.pk, "order_pk": other.order.pk}
    )
    assert inspector.get(url).status_code == 404


def test_roles_without_quality_cannot_inspect(
    lot: Lot, worker_a: Client, planner_a: Client
) -> None:
    assert worker_a.get(_form_url(lot)).status_code == 403
    assert worker_a.get(reverse("quality:final_list")).status_code == 403


def test_a_repacked_lot_asks_for_a_new_inspection(
    inspector: Client, lot: Lot, tenant_a: Organization
) -> None:
    response = inspector.post(
        _form_url(lot),
        {"level": "II", "aql_critical": "0", "aql_major": "2.5", "aql_minor": "4.0",
         "client_id": "p1"},
    )  # fmt: skip
    with tenant_context(tenant_a):
        lot.cartons[-1].lines.update(quantity=10)  # 25 + 25 -> 10 + 10: 470 pieces
    detail = inspector.get(response["Location"]).content.decode()
    assert "The lot has changed since this inspection (now 470 pieces)" in detail
    listing = inspector.get(reverse("quality:final_list")).content.decode()
    assert "Inspect again" in listing


def test_a_lot_of_one_piece_is_refused_with_a_message(
    inspector: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        single = shipment_lot(cartons=1, per_carton=1, shipment_number="SHP-ONE")
    response = inspector.get(_form_url(single), follow=True)
    assert response.redirect_chain[-1][0] == reverse("quality:final_list")
    assert "Lot size must be a whole number of at least 2 pieces." in response.content.decode()
