"""Final inspection by AQL: the plan of a shipment lot, the verdict at the Ac/Re boundary,
zero tolerance for critical defects, replays by client id and a re-packed lot."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from seamline.engines import aql
from seamline.quality import final
from seamline.quality.choices import InspectionKind, Outcome, Severity
from seamline.quality.models import DefectType, Inspection, InspectionDefect
from seamline.quality.services import DefectInput
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Carton, CartonLine
from seamline.shipping.selectors import final_lots
from seamline.tenancy.models import AuditEntry, Organization
from tests.quality.isolation_final import Lot, shipment_lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(in_tenant_a: Organization) -> dict[str, DefectType]:
    return {
        severity: DefectType.objects.create(
            code=severity.upper(), name=f"{severity} defect", severity=severity
        )
        for severity in Severity.values
    }


@pytest.fixture
def lot(in_tenant_a: Organization) -> Lot:
    # 10 cartons x 50 pieces = 500 pieces: letter H, sample 50; major 2.5 -> Ac 3 / Re 4,
    # minor 4.0 -> Ac 5 / Re 6 (checked against the engine below, not copied).
    return shipment_lot(cartons=10, per_carton=50)


def _record(lot: Lot, defects: dict[DefectType, int], **kwargs: object) -> Inspection:
    return final.final_inspection_record(
        shipment=lot.shipment,
        order=lot.order,
        defects=[DefectInput(defect_type=t, count=n) for t, n in defects.items()],
        **kwargs,  # type: ignore[arg-type]
    )


# --- plans -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lot_size", "level", "major", "minor"),
    [(500, "II", "2.5", "4.0"), (3200, "I", "1.5", "2.5"), (90, "S-4", "0.65", "10")],
)
def test_plan_is_the_engines_plan(lot_size: int, level: str, major: str, minor: str) -> None:
    plan = final.final_plan(lot_size=lot_size, level=level, aql_major=major, aql_minor=minor)
    expected = aql.inspection_plan(lot_size, level, None, major, minor)
    assert plan.code_letter == aql.code_letter(lot_size, level)
    assert plan.sample_size == expected.sample_size
    for severity, engine in (
        ("critical", expected.critical),
        ("major", expected.major),
        ("minor", expected.minor),
    ):
        ours = plan.of(severity)
        assert (ours.code_letter, ours.sample_size, ours.accept, ours.reject) == (
            engine.code_letter,
            engine.sample_size,
            engine.accept,
            engine.reject,
        )
    assert plan.of("critical").aql is None
    assert (plan.of("critical").accept, plan.of("critical").reject) == (0, 1)


def test_an_arrow_cell_is_followed_and_explained() -> None:
    # 500 pieces, level II: letter H. AQL 0.065 has no plan at H: the arrow leads down.
    engine = aql.sampling_plan(500, "II", "0.065")
    assert engine.followed_arrow is not None
    plan = final.final_plan(lot_size=500, aql_critical="0.065")
    critical = plan.of("critical")
    assert critical.followed_arrow == engine.followed_arrow
    assert critical.table_code_letter == "H"
    assert critical.code_letter == engine.code_letter != "H"
    assert critical.arrow_note == (
        f"No plan at letter H for AQL 0.065: the arrow leads to letter "
        f"{engine.code_letter}, sample {engine.plan_sample_size}."
    )
    assert plan.of("major").arrow_note == ""


def test_plan_refuses_bad_input_naming_each_field() -> None:
    with pytest.raises(ValidationError) as caught:
        final.final_plan(lot_size=1, level="IV", aql_major="3", aql_minor="abc")
    assert set(caught.value.message_dict) == {"lot_size", "level", "aql_major", "aql_minor"}
    assert "not a standard value" in caught.value.message_dict["aql_major"][0]


def test_cartons_to_open_are_the_square_root_spread_evenly() -> None:
    assert final.cartons_to_open(list(range(1, 11))) == [2, 4, 7, 9]
    assert final.cartons_to_open([5]) == [5]
    assert final.cartons_to_open([]) == []
    assert len(final.cartons_to_open(list(range(1, 101)))) == 10
    assert final.cartons_to_open([30, 10, 20, 40]) == [20, 40]


# --- recording -------------------------------------------------------------------------------


def test_lot_size_comes_from_the_cartons(lot: Lot, catalogue: dict[str, DefectType]) -> None:
    inspection = _record(lot, {}, cartons_opened=[2, 4, 7, 9], client_id="f1")

    expected = aql.inspection_plan(500, "II", None, "2.5", "4.0")
    assert inspection.kind == InspectionKind.FINAL
    assert inspection.lot_size == 500
    assert inspection.checked_qty == expected.sample_size
    assert inspection.defective_qty == 0
    assert inspection.outcome == Outcome.PASS
    assert inspection.style == lot.style
    assert inspection.shipment == lot.shipment
    assert inspection.plan["code_letter"] == "H"
    assert inspection.plan["cartons_opened"] == [2, 4, 7, 9]
    assert inspection.plan["classes"]["major"]["accept"] == expected.major.accept
    assert AuditEntry.objects.filter(action="quality.final_inspection").count() == 1


def test_major_defects_accept_at_ac_and_reject_at_re(
    lot: Lot, catalogue: dict[str, DefectType]
) -> None:
    major = aql.sampling_plan(500, "II", "2.5")
    at_ac = _record(lot, {catalogue["major"]: major.accept}, client_id="ac")
    at_re = _record(lot, {catalogue["major"]: major.reject}, client_id="re")

    assert at_ac.outcome == Outcome.PASS
    assert at_re.outcome == Outcome.REJECT
    assert at_re.plan["found"] == {"critical": 0, "major": major.reject, "minor": 0}
    assert at_re.plan["verdicts"]["major"] == "reject"
    assert at_re.defective_qty == major.reject  # defaults to the defects found
    assert InspectionDefect.objects.filter(inspection=at_re).get().worker is None


def test_minor_defects_have_their_own_ac_re(lot: Lot, catalogue: dict[str, DefectType]) -> None:
    minor = aql.sampling_plan(500, "II", "4.0")
    major = aql.sampling_plan(500, "II", "2.5")
    both_at_ac = _record(
        lot, {catalogue["minor"]: minor.accept, catalogue["major"]: major.accept}, client_id="a"
    )
    minor_at_re = _record(lot, {catalogue["minor"]: minor.reject}, client_id="b")

    assert both_at_ac.outcome == Outcome.PASS
    assert minor_at_re.outcome == Outcome.REJECT
    assert minor_at_re.plan["verdicts"] == {
        "critical": "accept",
        "major": "accept",
        "minor": "reject",
    }


def test_one_critical_defect_rejects_the_lot(lot: Lot, catalogue: dict[str, DefectType]) -> None:
    inspection = _record(lot, {catalogue["critical"]: 1}, client_id="crit")

    assert inspection.outcome == Outcome.REJECT
    assert inspection.plan["verdicts"]["critical"] == "reject"
    assert inspection.plan["classes"]["critical"]["aql"] is None


def test_defective_pieces_stay_within_the_defects_and_the_sample(
    lot: Lot, catalogue: dict[str, DefectType]
) -> None:
    with pytest.raises(ValidationError) as caught:
        _record(lot, {catalogue["minor"]: 3}, defective_qty=4, client_id="d1")
    assert "defective_qty" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _record(lot, {}, defective_qty=1, client_id="d2")
    assert "defective_qty" in caught.value.message_dict

    two_on_one = _record(lot, {catalogue["minor"]: 3}, defective_qty=2, client_id="d3")
    assert two_on_one.defective_qty == 2
    assert Inspection.objects.count() == 1


def test_same_client_id_replays_and_other_content_is_refused(
    lot: Lot, catalogue: dict[str, DefectType]
) -> None:
    first = _record(lot, {catalogue["major"]: 1}, client_id="same")
    again = _record(lot, {catalogue["major"]: 1}, client_id="same")
    assert again.pk == first.pk

    with pytest.raises(final.ClientIdReused):
        _record(lot, {catalogue["major"]: 2}, client_id="same")
    assert Inspection.objects.count() == 1
    assert InspectionDefect.objects.count() == 1


def test_refuses_a_dispatched_shipment_an_order_not_on_it_and_bad_aqls(
    lot: Lot, catalogue: dict[str, DefectType]
) -> None:
    other = shipment_lot(cartons=2, shipment_number="SHP-2")
    with pytest.raises(ValidationError) as caught:
        final.final_inspection_record(shipment=lot.shipment, order=other.order, client_id="x1")
    assert "order" in caught.value.message_dict

    with pytest.raises(ValidationError) as caught:
        _record(lot, {}, aql_major="3.0", level="IV", client_id="x2")
    assert set(caught.value.message_dict) == {"aql_major", "level"}

    with pytest.raises(ValidationError) as caught:
        _record(lot, {}, cartons_opened=[11], client_id="x3")
    assert "cartons_opened" in caught.value.message_dict

    lot.shipment.status = ShipmentStatus.DISPATCHED
    lot.shipment.save(update_fields=["status"])
    with pytest.raises(ValidationError) as caught:
        _record(lot, {}, client_id="x4")
    assert "shipment" in caught.value.message_dict
    assert Inspection.objects.count() == 0


def test_a_repacked_lot_makes_the_old_inspection_not_current(
    lot: Lot, catalogue: dict[str, DefectType]
) -> None:
    _record(lot, {}, client_id="before")
    (before,) = final_lots(lot.shipment)
    assert before.current
    assert before.accepted

    extra = Carton.objects.create(
        order=lot.order, number=11, pack_type="solid", shipment=lot.shipment,
        packed_at=lot.cartons[0].packed_at,
    )  # fmt: skip
    CartonLine.objects.create(
        carton=extra, style=lot.style, colour=lot.colour, size=lot.sizes[0], quantity=50
    )
    (after,) = final_lots(lot.shipment)
    assert after.lot_size == 550
    assert not after.current
    assert not after.accepted

    again = _record(lot, {}, client_id="after")
    assert again.lot_size == 550
    (now,) = final_lots(lot.shipment)
    assert now.current
    assert now.accepted


def test_severity_can_be_set_per_row(lot: Lot, catalogue: dict[str, DefectType]) -> None:
    inspection = final.final_inspection_record(
        shipment=lot.shipment,
        order=lot.order,
        defects=[DefectInput(defect_type=catalogue["minor"], count=1, severity="critical")],
        client_id="sev",
    )
    assert inspection.outcome == Outcome.REJECT
    assert inspection.defects.get().severity == "critical"
