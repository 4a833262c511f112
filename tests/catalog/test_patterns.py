"""Importing patterns into a style and the reads the cutting room uses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from seamline.catalog.choices import PatternSource
from seamline.catalog.models import Pattern, PatternPiece, Style
from seamline.catalog.patterns import (
    garment_area_by_size,
    pattern_delete,
    pattern_for_style,
    pattern_import,
    pattern_import_polygons,
    pieces_by_size,
)
from seamline.cutting.models import Marker
from seamline.tenancy.models import Organization, User
from tests.catalog.factories import SizeGridFactory, StyleFactory
from tests.catalog.pattern_files import DxfPiece, aama_dxf, tee_pieces

SQUARE = [[0, 0], [100, 0], [100, 100], [0, 100]]


@pytest.fixture
def tee(in_tenant_a: Organization) -> Style:
    return StyleFactory(code="TEE-1", size_grid=SizeGridFactory(sizes=["S", "M", "L", "XL"]))


@pytest.fixture
def owner(tenant_a: Organization, member: object) -> User:
    return member(tenant_a)  # type: ignore[operator]


def _file_errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return exc.value.message_dict["file"]


def _state(style: Style) -> list[tuple[str, str, str, int]]:
    return list(
        PatternPiece.objects.filter(pattern__style=style)
        .order_by("pattern__name", "size__position", "name")
        .values_list("pattern__name", "size__code", "name", "quantity")
    )


def test_imports_a_graded_dxf_with_every_piece_of_every_size(tee: Style, owner: User) -> None:
    data = aama_dxf(list(reversed(tee_pieces(("S", "M", "L")))), units="ENGLISH")

    pattern = pattern_import(style=tee, name="Base", file_name="tee.dxf", data=data, by=owner)

    assert (pattern.source, pattern.file_name, pattern.created_by) == (
        PatternSource.DXF_AAMA,
        "tee.dxf",
        owner,
    )
    assert pattern.note == "Drawn in inch; kept in mm."
    by_size = pieces_by_size(pattern)
    assert list(by_size) == ["S", "M", "L"]  # the grid's order
    assert [p.name for p in by_size["M"]] == ["BACK", "FRONT", "NECK RIB", "SLEEVE"]
    sleeve = by_size["M"][3]
    assert (sleeve.quantity, sleeve.mirrored, sleeve.grain_angle) == (2, True, 90.0)
    areas = garment_area_by_size(pattern)
    assert list(areas) == ["S", "M", "L"]
    assert areas["M"] == sum(p.area_mm2 * p.quantity for p in by_size["M"])
    assert areas["S"] < areas["M"] < areas["L"]
    assert pattern_for_style(tee) == pattern


def test_size_outside_the_styles_grid_refuses_the_whole_file(tee: Style, owner: User) -> None:
    data = aama_dxf(tee_pieces(("M", "XXL", "3XL")))

    with pytest.raises(ValidationError) as exc:
        pattern_import(style=tee, name="Base", file_name="tee.dxf", data=data, by=owner)

    assert _file_errors(exc) == [
        "Size XXL (Block FRONT-XXL, Block BACK-XXL, Block SLEEVE-XXL, Block NECK RIB-XXL) is not "
        "in the size grid of style TEE-1 (S · M · L · XL).",
        "Size 3XL (Block FRONT-3XL, Block BACK-3XL, Block SLEEVE-3XL, Block NECK RIB-3XL) is not "
        "in the size grid of style TEE-1 (S · M · L · XL).",
    ]
    assert not Pattern.objects.exists()


def test_a_bad_file_writes_nothing_and_says_why(tee: Style, owner: User) -> None:
    pattern_import_polygons(
        style=tee,
        name="Base",
        document={"pieces": [{"name": "PATCH", "size": "M", "outline": SQUARE}]},
        by=owner,
    )
    before = _state(tee)
    data = aama_dxf([DxfPiece("FRONT", "M", [(0, 0), (10, 0), (10, 10)], closed=False)])

    with pytest.raises(ValidationError) as exc:
        pattern_import(style=tee, name="Base", file_name="front.dxf", data=data, by=owner)

    assert _file_errors(exc) == [
        "Block FRONT-M: the cut line on layer 1 is not closed; its ends do not meet."
    ]
    assert _state(tee) == before


def test_importing_the_same_name_replaces_its_pieces(tee: Style, owner: User) -> None:
    first = pattern_import(
        style=tee, name="Base", file_name="a.dxf", data=aama_dxf(tee_pieces(("S", "M"))), by=owner
    )
    other = pattern_import_polygons(
        style=tee,
        name="Sample",
        document={"units": "cm", "pieces": [{"name": "PATCH", "size": "m", "outline": SQUARE}]},
        by=owner,
    )

    again = pattern_import(
        style=tee,
        name="Base",
        file_name="b.dxf",
        data=aama_dxf([DxfPiece("POCKET", "L", [(0, 0), (150, 0), (150, 160), (0, 160)])]),
        by=owner,
    )

    assert again.pk == first.pk
    assert again.file_name == "b.dxf"
    assert _state(tee) == [("Base", "L", "POCKET", 1), ("Sample", "M", "PATCH", 1)]
    assert garment_area_by_size(other) == {"M": 1_000_000.0}  # 100 cm square, size "m" is M
    assert pattern_for_style(tee) == again  # replaced last, so the newest


def test_a_pattern_that_markers_use_is_neither_replaced_nor_deleted(
    tee: Style, owner: User
) -> None:
    pattern = pattern_import(
        style=tee, name="Base", file_name="a.dxf", data=aama_dxf(tee_pieces(("M",))), by=owner
    )
    Marker.objects.create(pattern=pattern, fabric_width_mm=1500)
    before = _state(tee)

    with pytest.raises(ValidationError) as replace:
        pattern_import(
            style=tee, name="Base", file_name="b.dxf", data=aama_dxf(tee_pieces(("L",))), by=owner
        )
    with pytest.raises(ValidationError) as delete:
        pattern_delete(pattern=pattern, by=owner)

    expected = [
        "Pattern Base is used by markers; delete those markers first, or import the new pieces "
        "under another name."
    ]
    assert replace.value.messages == delete.value.messages == expected
    assert _state(tee) == before


def test_delete_removes_the_pattern_and_its_pieces(tee: Style, owner: User) -> None:
    pattern = pattern_import(
        style=tee, name="Base", file_name="a.dxf", data=aama_dxf(tee_pieces(("M",))), by=owner
    )

    pattern_delete(pattern=pattern, by=owner)

    assert not Pattern.objects.exists()
    assert not PatternPiece.objects.exists()
    assert pattern_for_style(tee) is None
