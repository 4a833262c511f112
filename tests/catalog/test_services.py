"""Catalog writes and the labour and material sums they feed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from seamline.catalog import selectors, services
from seamline.catalog.choices import MachineType, MaterialKind, Section, Unit
from seamline.catalog.errors import CatalogErrorCode
from seamline.catalog.models import (
    BomLine,
    BomLineSize,
    Operation,
    OperationDependency,
    Size,
    Style,
    StyleColour,
)
from seamline.tenancy.models import AuditEntry
from tests.catalog.factories import (
    BomLineFactory,
    ColourFactory,
    MaterialFactory,
    OperationFactory,
    SizeGridFactory,
    StyleFactory,
    precede,
)

pytestmark = pytest.mark.usefixtures("in_tenant_a")


def _bulletin(style: Style) -> list[tuple[int, str]]:
    return list(
        Operation.objects.filter(style=style).order_by("sequence").values_list("sequence", "name")
    )


def _after(operation: Operation) -> list[int]:
    return sorted(p.sequence for p in Operation.objects.get(pk=operation.pk).depends_on.all())


@pytest.fixture
def tee() -> Style:
    """A T-shirt bulletin: shoulders, then neck and sleeves, then side seams, then hem."""
    style = StyleFactory(code="TEE-1", name="Crew tee")
    rows = [
        ("Join shoulders", Section.ASSEMBLY, MachineType.OL4, "0.350", "0.1200"),
        ("Attach neck rib", Section.COLLAR, MachineType.OL4, "0.450", "0.1500"),
        ("Attach sleeves", Section.SLEEVE, MachineType.OL4, "0.700", "0.2300"),
        ("Side seams", Section.ASSEMBLY, MachineType.OL4, "0.650", "0.2100"),
        ("Hem bottom", Section.FINISHING, MachineType.FL, "0.400", "0.1300"),
    ]
    ops = [
        OperationFactory(
            style=style,
            sequence=n,
            name=name,
            section=section,
            machine_type=machine,
            smv=Decimal(smv),
            piece_rate=Decimal(rate),
        )
        for n, (name, section, machine, smv, rate) in enumerate(rows, start=1)
    ]
    precede(ops[0], ops[1])
    precede(ops[0], ops[2])
    precede(ops[2], ops[3])
    precede(ops[3], ops[4])
    return style


# --- labour ------------------------------------------------------------------------------


def test_style_labour_sums_smv_and_piece_rates_exactly(tee: Style) -> None:
    labour = selectors.style_labour(tee)

    assert labour.total_smv == Decimal("2.550")
    assert labour.labour_cost == Decimal("0.8400")
    assert labour.labour_cost_per_dozen == Decimal("10.0800")
    assert labour.operation_count == 5
    assert labour.pieces_per_hour == Decimal("23.53")  # 60 / 2.55 = 23.529...
    assert [(s.key, s.smv, s.operations) for s in labour.by_section] == [
        ("assembly", Decimal("1.000"), 2),
        ("sleeve", Decimal("0.700"), 1),
        ("collar", Decimal("0.450"), 1),
        ("finishing", Decimal("0.400"), 1),
    ]
    assert [(s.key, s.smv, s.operations) for s in labour.by_machine] == [
        ("OL4", Decimal("2.150"), 4),
        ("FL", Decimal("0.400"), 1),
    ]


def test_style_labour_of_an_empty_bulletin_has_no_pieces_per_hour() -> None:
    labour = selectors.style_labour(StyleFactory())

    assert labour.total_smv == Decimal("0.000")
    assert labour.labour_cost == Decimal("0.0000")
    assert labour.operation_count == 0
    assert labour.pieces_per_hour is None


# --- precedence --------------------------------------------------------------------------


def test_precedence_cycle_is_rejected_and_nothing_changes(tee: Style, owner_user) -> None:
    shoulders = Operation.objects.get(style=tee, sequence=1)
    hem = Operation.objects.get(style=tee, sequence=5)
    links_before = OperationDependency.objects.count()

    with pytest.raises(ValidationError) as caught:
        services.operation_set_predecessors(operation=shoulders, predecessors=[hem], by=owner_user)

    error = caught.value.error_dict["predecessors"][0]
    assert error.code == CatalogErrorCode.PRECEDENCE_CYCLE
    assert error.message == (
        "Operation 1. Join shoulders cannot come after 5. Hem bottom: 5. Hem bottom already "
        "comes after 1. Join shoulders, so the bulletin would go round in a loop."
    )
    assert OperationDependency.objects.count() == links_before
    assert _after(shoulders) == []


def test_predecessor_of_another_style_is_rejected(tee: Style, owner_user) -> None:
    stranger = OperationFactory(style=StyleFactory(), sequence=1)
    hem = Operation.objects.get(style=tee, sequence=5)

    with pytest.raises(ValidationError) as caught:
        services.operation_set_predecessors(operation=hem, predecessors=[stranger], by=owner_user)

    assert caught.value.error_dict["predecessors"][0].code == CatalogErrorCode.OTHER_STYLE
    assert _after(hem) == [4]


def test_operation_cannot_come_after_itself(tee: Style, owner_user) -> None:
    hem = Operation.objects.get(style=tee, sequence=5)

    with pytest.raises(ValidationError) as caught:
        services.operation_set_predecessors(operation=hem, predecessors=[hem], by=owner_user)

    assert caught.value.error_dict["predecessors"][0].code == CatalogErrorCode.SELF_PRECEDENCE


def test_set_predecessors_replaces_the_links(tee: Style, owner_user) -> None:
    hem = Operation.objects.get(style=tee, sequence=5)
    neck = Operation.objects.get(style=tee, sequence=2)
    seams = Operation.objects.get(style=tee, sequence=4)

    services.operation_set_predecessors(operation=hem, predecessors=[neck, seams], by=owner_user)

    assert _after(hem) == [2, 4]
    assert AuditEntry.objects.filter(action="operation.predecessors").count() == 1


# --- move, create, delete: the bulletin stays numbered 1..n -------------------------------


def test_move_renumbers_the_bulletin_and_keeps_links(tee: Style, owner_user) -> None:
    hem = Operation.objects.get(style=tee, sequence=5)

    services.operation_move(operation=hem, position=2, by=owner_user)

    assert _bulletin(tee) == [
        (1, "Join shoulders"),
        (2, "Hem bottom"),
        (3, "Attach neck rib"),
        (4, "Attach sleeves"),
        (5, "Side seams"),
    ]
    assert _after(hem) == [5]  # still after the side seams, now number 5


def test_move_outside_the_bulletin_is_rejected(tee: Style, owner_user) -> None:
    hem = Operation.objects.get(style=tee, sequence=5)

    with pytest.raises(ValidationError) as caught:
        services.operation_move(operation=hem, position=6, by=owner_user)

    assert caught.value.messages == ["Choose a position from 1 to 5."]
    assert _bulletin(tee)[-1] == (5, "Hem bottom")


def test_create_at_a_position_shifts_the_rest(tee: Style, owner_user) -> None:
    shoulders = Operation.objects.get(style=tee, sequence=1)

    made = services.operation_create(
        style=tee,
        name="Label attach",
        machine_type=MachineType.SNLS,
        smv=Decimal("0.200"),
        piece_rate=Decimal("0.0500"),
        position=2,
        predecessors=[shoulders],
        by=owner_user,
    )

    assert made.sequence == 2
    assert [name for _, name in _bulletin(tee)] == [
        "Join shoulders",
        "Label attach",
        "Attach neck rib",
        "Attach sleeves",
        "Side seams",
        "Hem bottom",
    ]
    assert _after(made) == [1]
    assert selectors.style_labour(tee).total_smv == Decimal("2.750")


def test_create_appends_by_default(tee: Style, owner_user) -> None:
    made = services.operation_create(
        style=tee,
        name="Trim threads",
        machine_type=MachineType.MANUAL,
        smv=Decimal("0.150"),
        by=owner_user,
    )

    assert made.sequence == 6


def test_create_rejects_a_bad_smv_and_writes_nothing(tee: Style, owner_user) -> None:
    with pytest.raises(ValidationError) as caught:
        services.operation_create(
            style=tee, name="Bad", machine_type=MachineType.SNLS, smv=Decimal("0"), by=owner_user
        )

    assert "smv" in caught.value.error_dict
    assert Operation.objects.filter(style=tee).count() == 5


def test_delete_closes_the_gap(tee: Style, owner_user) -> None:
    neck = Operation.objects.get(style=tee, sequence=2)

    services.operation_delete(operation=neck, by=owner_user)

    assert [seq for seq, _ in _bulletin(tee)] == [1, 2, 3, 4]
    assert _bulletin(tee)[1] == (2, "Attach sleeves")


# --- the whole bulletin at once ------------------------------------------------------------


def test_bulletin_replace_keeps_ids_by_position_and_sets_links(tee: Style, owner_user) -> None:
    first_id = Operation.objects.get(style=tee, sequence=1).pk
    rows = [
        services.OperationSpec(
            name="Join shoulders", machine_type=MachineType.OL4, smv=Decimal("0.400")
        ),
        services.OperationSpec(
            name="Attach sleeves",
            machine_type=MachineType.OL4,
            smv=Decimal("0.800"),
            piece_rate=Decimal("0.2500"),
            after=(1,),
        ),
    ]

    result = services.bulletin_replace(style=tee, operations=rows, by=owner_user)

    assert [op.sequence for op in result] == [1, 2]
    assert result[0].pk == first_id
    assert _bulletin(tee) == [(1, "Join shoulders"), (2, "Attach sleeves")]
    assert _after(result[1]) == [1]
    assert OperationDependency.objects.filter(operation__style=tee).count() == 1
    assert selectors.style_labour(tee).total_smv == Decimal("1.200")


def test_bulletin_replace_with_a_bad_row_names_it_and_writes_nothing(
    tee: Style, owner_user
) -> None:
    before = _bulletin(tee)
    rows = [
        services.OperationSpec(name="Ok", machine_type=MachineType.OL4, smv=Decimal("0.400")),
        services.OperationSpec(name="Bad", machine_type="LASER", smv=Decimal("0.400")),
        services.OperationSpec(
            name="Loop", machine_type=MachineType.OL4, smv=Decimal("0.1"), after=(7,)
        ),
    ]

    with pytest.raises(ValidationError) as caught:
        services.bulletin_replace(style=tee, operations=rows, by=owner_user)

    assert sorted(caught.value.error_dict) == ["operations.1.machine_type", "operations.2.after"]
    assert caught.value.error_dict["operations.2.after"][0].message == (
        "There is no operation 7; this bulletin has 1 to 3."
    )
    assert _bulletin(tee) == before


def test_bulletin_replace_rejects_a_loop(tee: Style, owner_user) -> None:
    rows = [
        services.OperationSpec(
            name="A", machine_type=MachineType.OL4, smv=Decimal("1"), after=(2,)
        ),
        services.OperationSpec(
            name="B", machine_type=MachineType.OL4, smv=Decimal("1"), after=(1,)
        ),
    ]

    with pytest.raises(ValidationError) as caught:
        services.bulletin_replace(style=tee, operations=rows, by=owner_user)

    assert list(caught.value.error_dict) == ["operations.0.after"]
    assert len(_bulletin(tee)) == 5


# --- styles, master data --------------------------------------------------------------------


def test_style_create_with_colours_and_update_replaces_them(owner_user) -> None:
    grid = SizeGridFactory()
    red, navy, white = ColourFactory(), ColourFactory(), ColourFactory()

    style = services.style_create(
        code=" POLO-9 ", name="Pique polo", size_grid=grid, colours=[red, navy], by=owner_user
    )
    services.style_update(style=style, colours=[navy, white], season="AW27", by=owner_user)

    style.refresh_from_db()
    assert style.code == "POLO-9"
    assert style.season == "AW27"
    assert sorted(StyleColour.objects.filter(style=style).values_list("colour_id", flat=True)) == (
        sorted([navy.pk, white.pk])
    )
    assert list(
        AuditEntry.objects.filter(object_id=str(style.pk))
        .order_by("at", "pk")
        .values_list("action", flat=True)
    ) == ["style.create", "style.update"]


def test_style_code_is_unique_in_the_tenant(owner_user) -> None:
    StyleFactory(code="DUP")

    with pytest.raises(ValidationError) as caught:
        services.style_create(code="DUP", name="Again", size_grid=SizeGridFactory(), by=owner_user)

    assert caught.value.message_dict == {"code": ["Style with the code DUP already exists."]}


def test_size_grid_keeps_sizes_in_order_and_rejects_repeats(owner_user) -> None:
    grid = services.size_grid_create(
        code="W", name="Waist", sizes=["30", "32", "34"], by=owner_user
    )
    kept = Size.objects.get(grid=grid, code="32")

    services.size_grid_update(grid=grid, sizes=["28", "30", "32", "34"], by=owner_user)

    assert list(
        Size.objects.filter(grid=grid).order_by("position").values_list("code", flat=True)
    ) == [
        "28",
        "30",
        "32",
        "34",
    ]
    assert Size.objects.get(grid=grid, code="32").pk == kept.pk
    with pytest.raises(ValidationError) as caught:
        services.size_grid_update(grid=grid, sizes=["S", "S"], by=owner_user)
    assert caught.value.message_dict == {"sizes": ["Each size may appear once; repeated: S."]}


def test_colour_swatch_must_be_hex(owner_user) -> None:
    with pytest.raises(ValidationError) as caught:
        services.colour_create(code="RD", name="Red", hex="red", by=owner_user)

    assert list(caught.value.message_dict) == ["hex"]


# --- bill of materials and its cost ----------------------------------------------------------


def test_material_cost_applies_wastage_and_size_overrides(owner_user) -> None:
    style = StyleFactory(size_grid=SizeGridFactory(sizes=["S", "M", "L"]))
    sizes = {s.code: s for s in Size.objects.filter(grid=style.size_grid)}
    jersey = services.material_create(
        code="JER",
        name="Jersey",
        kind=MaterialKind.FABRIC,
        unit=Unit.METRE,
        unit_price=Decimal("20.0000"),
        by=owner_user,
    )
    label = MaterialFactory(kind=MaterialKind.LABEL, unit=Unit.PIECE, unit_price=Decimal("0.3000"))
    services.bom_line_create(
        style=style,
        material=jersey,
        consumption=Decimal("1.2000"),
        wastage_pct=Decimal("5.00"),
        size_consumptions={sizes["L"]: Decimal("1.4000"), sizes["S"]: None},
        by=owner_user,
    )
    services.bom_line_create(style=style, material=label, consumption=Decimal("1"), by=owner_user)

    cost = selectors.style_material_cost(style)

    # 1.2 x 1.05 x 20 = 25.2; for L: 1.4 x 1.05 x 20 = 29.4; label 0.30 everywhere.
    assert [line.cost for line in cost.lines] == [Decimal("25.2000"), Decimal("0.3000")]
    assert cost.total == Decimal("25.5000")
    assert cost.total_by_size == {
        "S": Decimal("25.5000"),
        "M": Decimal("25.5000"),
        "L": Decimal("29.7000"),
    }
    assert BomLineSize.objects.count() == 1


def test_bom_size_of_another_grid_is_rejected(owner_user) -> None:
    style = StyleFactory()
    foreign = SizeGridFactory(sizes=["XXS"]).sizes.get()

    with pytest.raises(ValidationError) as caught:
        services.bom_line_create(
            style=style,
            material=MaterialFactory(),
            consumption=Decimal("1"),
            size_consumptions={foreign: Decimal("2")},
            by=owner_user,
        )

    assert caught.value.error_dict["size_consumptions"][0].code == (
        CatalogErrorCode.SIZE_NOT_OF_STYLE
    )
    assert BomLine.objects.count() == 0


def test_bom_update_changes_override_and_delete_removes_line(owner_user) -> None:
    line = BomLineFactory()
    size = line.style.size_grid.sizes.get(code="M")
    services.bom_line_update(
        bom_line=line,
        wastage_pct=Decimal("2.50"),
        size_consumptions={size: Decimal("1.5")},
        by=owner_user,
    )
    line.refresh_from_db()
    assert line.wastage_pct == Decimal("2.50")
    assert line.size_overrides.get().consumption == Decimal("1.5000")

    services.bom_line_delete(bom_line=line, by=owner_user)

    assert BomLine.objects.count() == 0
    assert BomLineSize.objects.count() == 0


def test_style_grid_change_is_blocked_by_size_overrides(owner_user) -> None:
    line = BomLineFactory()
    BomLineSize.objects.create(
        bom_line=line, size=line.style.size_grid.sizes.first(), consumption=Decimal("1")
    )
    other = SizeGridFactory()

    with pytest.raises(ValidationError) as caught:
        services.style_update(style=line.style, size_grid=other, by=owner_user)

    assert caught.value.error_dict["size_grid"][0].code == CatalogErrorCode.GRID_CHANGE_BLOCKED
