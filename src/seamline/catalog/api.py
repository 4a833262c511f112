"""The catalog API (/api/v1/catalog/): styles with their bulletins, materials, master data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog import selectors, services
from seamline.catalog.models import BomLine, Colour, Customer, Material, Size, SizeGrid, Style
from seamline.catalog.schemas import (
    BomLineIn,
    BomLineOut,
    BomLinePatch,
    BulletinIn,
    ColourIn,
    ColourOut,
    ColourPatch,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    MaterialIn,
    MaterialOut,
    MaterialPatch,
    SizeGridIn,
    SizeGridOut,
    SizeGridPatch,
    StyleDetailOut,
    StyleIn,
    StyleOut,
    StylePatch,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.permissions import Perm

router = Router(tags=["catalog"])

SMV_PLACES = Decimal("0.001")

M = TypeVar("M", bound=models.Model)


def _loc(key: str) -> list[str | int]:
    """`operations.3.smv` -> ["body", "payload", "operations", 3, "smv"]."""
    loc: list[str | int] = ["body", "payload"]
    if key and key != "__all__":
        loc += [int(part) if part.isdigit() else part for part in key.split(".")]
    return loc


def _invalid(exc: ValidationError) -> NoReturn:
    """A service's refusal as the API's 422: each error names where it is."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": _loc(key), "msg": " ".join(ValidationError(errs).messages), "type": "invalid"}
            for key, errs in exc.error_dict.items()
        ]
    else:
        errors = [{"loc": _loc(""), "msg": " ".join(exc.messages), "type": "invalid"}]
    raise NinjaValidationError(errors)


S = TypeVar("S", bound=Schema)


def _body(payload: S | None) -> S:
    """Bodies of row endpoints are checked after the row is found: another tenant's row is a
    404 whatever the body."""
    if payload is None:
        raise NinjaValidationError(
            [{"loc": ["body", "payload"], "msg": _("A JSON body is required."), "type": "missing"}]
        )
    return payload


def _ref(model: type[M], pk: int, field: str) -> M:
    """A row named by id in a payload: another tenant's id is as unknown as a missing one."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise NinjaValidationError(
            [{"loc": _loc(field), "msg": _("Unknown id %(id)s.") % {"id": pk}, "type": "invalid"}]
        )
    return obj


def _refs(model: type[M], pks: list[int], field: str) -> list[M]:
    found = {obj.pk: obj for obj in model._default_manager.filter(pk__in=pks)}
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise NinjaValidationError(
            [
                {
                    "loc": _loc(field),
                    "msg": _("Unknown ids: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
                    "type": "invalid",
                }
            ]
        )
    return [found[pk] for pk in dict.fromkeys(pks)]


# --- styles --------------------------------------------------------------------------------


def _style_out(style: Style) -> dict[str, Any]:
    return {
        "id": style.pk,
        "code": style.code,
        "name": style.name,
        "customer_id": style.customer_id,
        "category": style.category,
        "season": style.season,
        "size_grid_id": style.size_grid_id,
        "is_active": style.is_active,
        "has_picture": bool(style.picture),
        "total_smv": Decimal(getattr(style, "total_smv", None) or 0).quantize(SMV_PLACES),
    }


def _bom_row_out(row: selectors.BomCostLine, sizes_by_id: dict[int, str]) -> dict[str, Any]:
    return {
        "id": row.line.pk,
        "material_id": row.line.material_id,
        "material_code": row.line.material.code,
        "material_name": row.line.material.name,
        "unit": row.line.material.unit,
        "consumption": row.consumption,
        "wastage_pct": row.wastage_pct,
        "placement": row.line.placement,
        "size_consumptions": {
            sizes_by_id.get(o.size_id, str(o.size_id)): o.consumption
            for o in row.line.size_overrides.all()
        },
        "unit_price": row.unit_price,
        "cost": row.cost,
    }


def _style_detail_out(style: Style) -> dict[str, Any]:
    detail = selectors.style_detail(style)
    labour = detail["labour"]
    cost = detail["material_cost"]
    sizes_by_id = {size.pk: size.code for size in detail["sizes"]}
    return {
        **_style_out(style),
        "total_smv": labour.total_smv,
        "description": style.description,
        "sizes": [size.code for size in detail["sizes"]],
        "colours": detail["colours"],
        "operations": [
            {
                "id": op.pk,
                "sequence": op.sequence,
                "name": op.name,
                "section": op.section,
                "machine_type": op.machine_type,
                "smv": op.smv,
                "piece_rate": op.piece_rate,
                "skill_grade": op.skill_grade,
                "after": [pred.sequence for pred in op.depends_on.all()],
            }
            for op in detail["operations"]
        ],
        "bom": [_bom_row_out(row, sizes_by_id) for row in cost.lines],
        "labour": labour,
        "material_cost": cost.total,
        "material_cost_by_size": cost.total_by_size,
    }


@router.get("/styles", response=list[StyleOut], url_name="style_list")
@paginate(LimitOffsetPagination)
def style_list(
    request: HttpRequest,
    search: str = "",
    customer_id: int | None = None,
    category: str = "",
    season: str = "",
    active: bool | None = None,
) -> list[dict[str, Any]]:
    """Styles by code; `search` looks in code and name."""
    api_require(request, Perm.CATALOG_VIEW)
    styles = selectors.style_list(
        search=search, customer_id=customer_id, category=category, season=season, active=active
    )
    return [_style_out(style) for style in styles]


@router.post("/styles", response={201: StyleDetailOut}, url_name="style_create")
def style_create(request: HttpRequest, payload: StyleIn) -> Status[dict[str, Any]]:
    api_require(request, Perm.CATALOG_EDIT)
    data = payload.dict()
    try:
        style = services.style_create(
            code=data["code"],
            name=data["name"],
            customer=(
                _ref(Customer, data["customer_id"], "customer_id") if data["customer_id"] else None
            ),
            category=data["category"],
            season=data["season"],
            size_grid=_ref(SizeGrid, data["size_grid_id"], "size_grid_id"),
            description=data["description"],
            is_active=data["is_active"],
            colours=_refs(Colour, data["colour_ids"], "colour_ids"),
            by=request.user,
        )
    except ValidationError as exc:
        _invalid(exc)
    return Status(201, _style_detail_out(style))


@router.get("/styles/{style_id}", response=StyleDetailOut, url_name="style_get")
def style_get(request: HttpRequest, style_id: int) -> dict[str, Any]:
    """A style with its colours, sizes, bulletin (with precedence), BOM and labour summary."""
    api_require(request, Perm.CATALOG_VIEW)
    return _style_detail_out(selectors.style_get(style_id=style_id))


@router.patch("/styles/{style_id}", response=StyleDetailOut, url_name="style_update")
def style_update(
    request: HttpRequest, style_id: int, payload: StylePatch | None = None
) -> dict[str, Any]:
    """Change the fields given; `colour_ids` replaces the colourways."""
    api_require(request, Perm.CATALOG_EDIT)
    style = selectors.style_get(style_id=style_id)
    data = _body(payload).dict(exclude_unset=True)
    changes: dict[str, Any] = {}
    colours = None
    if "customer_id" in data:
        customer_id = data.pop("customer_id")
        changes["customer"] = _ref(Customer, customer_id, "customer_id") if customer_id else None
    if data.get("size_grid_id") is not None:
        changes["size_grid"] = _ref(SizeGrid, data.pop("size_grid_id"), "size_grid_id")
    if data.get("colour_ids") is not None:
        colours = _refs(Colour, data.pop("colour_ids"), "colour_ids")
    changes.update({k: v for k, v in data.items() if v is not None and k in services.STYLE_FIELDS})
    try:
        services.style_update(style=style, by=request.user, colours=colours, **changes)
    except ValidationError as exc:
        _invalid(exc)
    return _style_detail_out(style)


@router.delete("/styles/{style_id}", response={204: None}, url_name="style_delete")
def style_delete(request: HttpRequest, style_id: int) -> Status[Any]:
    api_require(request, Perm.CATALOG_EDIT)
    style = selectors.style_get(style_id=style_id)
    try:
        services.style_delete(style=style, by=request.user)
    except ValidationError as exc:
        _invalid(exc)
    return Status(204, None)


@router.put("/styles/{style_id}/bulletin", response=StyleDetailOut, url_name="style_bulletin")
def style_bulletin_replace(
    request: HttpRequest, style_id: int, payload: BulletinIn | None = None
) -> dict[str, Any]:
    """Replace the whole operation bulletin in one go: every row is written, or none.

    Rows are numbered 1, 2, 3 ... in the order given; `after` names earlier or later rows by
    that number. A bad row answers 422 with `loc` = ["body", "payload", "operations", index,
    field] (index from 0) and nothing is changed.
    """
    api_require(request, Perm.CATALOG_EDIT)
    style = selectors.style_get(style_id=style_id)
    rows = [
        services.OperationSpec(
            name=row.name,
            section=row.section,
            machine_type=row.machine_type,
            smv=row.smv,
            piece_rate=row.piece_rate,
            skill_grade=row.skill_grade,
            after=tuple(row.after),
        )
        for row in _body(payload).operations
    ]
    try:
        services.bulletin_replace(style=style, operations=rows, by=request.user)
    except ValidationError as exc:
        _invalid(exc)
    return _style_detail_out(style)


# --- bill of materials ---------------------------------------------------------------------


def _bom_line_out(line: BomLine) -> dict[str, Any]:
    sizes = selectors.style_sizes(line.style)
    lines = [found for found in selectors.bom_line_list(line.style) if found.pk == line.pk]
    (row,) = selectors.style_material_cost(line.style, lines, sizes).lines
    return _bom_row_out(row, {size.pk: size.code for size in sizes})


def _size_consumptions(style: Style, by_code: dict[str, Any]) -> dict[Size, Any]:
    sizes = {size.code: size for size in selectors.style_sizes(style)}
    unknown = [code for code in by_code if code not in sizes]
    if unknown:
        raise NinjaValidationError(
            [
                {
                    "loc": _loc(f"size_consumptions.{code}"),
                    "msg": _("Size %(size)s is not in the size grid of style %(style)s.")
                    % {"size": code, "style": style.code},
                    "type": "invalid",
                }
                for code in unknown
            ]
        )
    return {sizes[code]: value for code, value in by_code.items()}


@router.post("/bom", response={201: BomLineOut}, url_name="bom_line_create")
def bom_line_create(request: HttpRequest, payload: BomLineIn) -> Status[dict[str, Any]]:
    """Add a material to the bill of materials of style `style_id`."""
    api_require(request, Perm.CATALOG_EDIT)
    data = payload.dict()
    style = _ref(Style, data["style_id"], "style_id")
    try:
        line = services.bom_line_create(
            style=style,
            material=_ref(Material, data["material_id"], "material_id"),
            consumption=data["consumption"],
            wastage_pct=data["wastage_pct"],
            placement=data["placement"],
            size_consumptions=_size_consumptions(style, data["size_consumptions"]),
            by=request.user,
        )
    except ValidationError as exc:
        _invalid(exc)
    return Status(201, _bom_line_out(line))


@router.patch("/bom/{bom_line_id}", response=BomLineOut, url_name="bom_line_update")
def bom_line_update(
    request: HttpRequest, bom_line_id: int, payload: BomLinePatch | None = None
) -> dict[str, Any]:
    """Change the fields given; `size_consumptions` replaces every per-size consumption."""
    api_require(request, Perm.CATALOG_EDIT)
    line = selectors.bom_line_get(bom_line_id=bom_line_id)
    data = {k: v for k, v in _body(payload).dict(exclude_unset=True).items() if v is not None}
    changes: dict[str, Any] = {k: data[k] for k in services.BOM_FIELDS if k in data}
    if "material_id" in data:
        changes["material"] = _ref(Material, data["material_id"], "material_id")
    sizes = None
    if "size_consumptions" in data:
        sizes = _size_consumptions(line.style, data["size_consumptions"])
    try:
        services.bom_line_update(bom_line=line, by=request.user, size_consumptions=sizes, **changes)
    except ValidationError as exc:
        _invalid(exc)
    return _bom_line_out(line)


@router.delete("/bom/{bom_line_id}", response={204: None}, url_name="bom_line_delete")
def bom_line_delete(request: HttpRequest, bom_line_id: int) -> Status[None]:
    api_require(request, Perm.CATALOG_EDIT)
    services.bom_line_delete(
        bom_line=selectors.bom_line_get(bom_line_id=bom_line_id), by=request.user
    )
    return Status(204, None)


# --- materials -----------------------------------------------------------------------------


@router.get("/materials", response=list[MaterialOut], url_name="material_list")
@paginate(LimitOffsetPagination)
def material_list(request: HttpRequest, search: str = "", kind: str = "") -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.material_list(search=search, kind=kind)


@router.post("/materials", response={201: MaterialOut}, url_name="material_create")
def material_create(request: HttpRequest, payload: MaterialIn) -> Status[Any]:
    api_require(request, Perm.CATALOG_EDIT)
    try:
        return Status(201, services.material_create(by=request.user, **payload.dict()))
    except ValidationError as exc:
        _invalid(exc)


@router.get("/materials/{material_id}", response=MaterialOut, url_name="material_get")
def material_get(request: HttpRequest, material_id: int) -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.material_get(material_id=material_id)


@router.patch("/materials/{material_id}", response=MaterialOut, url_name="material_update")
def material_update(
    request: HttpRequest, material_id: int, payload: MaterialPatch | None = None
) -> Any:
    api_require(request, Perm.CATALOG_EDIT)
    material = selectors.material_get(material_id=material_id)
    changes = {k: v for k, v in _body(payload).dict(exclude_unset=True).items() if v is not None}
    try:
        return services.material_update(material=material, by=request.user, **changes)
    except ValidationError as exc:
        _invalid(exc)


# --- customers -----------------------------------------------------------------------------


@router.get("/customers", response=list[CustomerOut], url_name="customer_list")
@paginate(LimitOffsetPagination)
def customer_list(request: HttpRequest, search: str = "") -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.customer_list(search=search)


@router.post("/customers", response={201: CustomerOut}, url_name="customer_create")
def customer_create(request: HttpRequest, payload: CustomerIn) -> Status[Any]:
    api_require(request, Perm.CATALOG_EDIT)
    try:
        return Status(201, services.customer_create(by=request.user, **payload.dict()))
    except ValidationError as exc:
        _invalid(exc)


@router.get("/customers/{customer_id}", response=CustomerOut, url_name="customer_get")
def customer_get(request: HttpRequest, customer_id: int) -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.customer_get(customer_id=customer_id)


@router.patch("/customers/{customer_id}", response=CustomerOut, url_name="customer_update")
def customer_update(
    request: HttpRequest, customer_id: int, payload: CustomerPatch | None = None
) -> Any:
    api_require(request, Perm.CATALOG_EDIT)
    customer = selectors.customer_get(customer_id=customer_id)
    changes = {k: v for k, v in _body(payload).dict(exclude_unset=True).items() if v is not None}
    try:
        return services.customer_update(customer=customer, by=request.user, **changes)
    except ValidationError as exc:
        _invalid(exc)


# --- size grids ----------------------------------------------------------------------------


@router.get("/size-grids", response=list[SizeGridOut], url_name="size_grid_list")
@paginate(LimitOffsetPagination)
def size_grid_list(request: HttpRequest) -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.size_grid_list()


@router.post("/size-grids", response={201: SizeGridOut}, url_name="size_grid_create")
def size_grid_create(request: HttpRequest, payload: SizeGridIn) -> Status[Any]:
    api_require(request, Perm.CATALOG_EDIT)
    try:
        grid = services.size_grid_create(by=request.user, **payload.dict())
    except ValidationError as exc:
        _invalid(exc)
    return Status(201, selectors.size_grid_get(grid_id=grid.pk))


@router.get("/size-grids/{grid_id}", response=SizeGridOut, url_name="size_grid_get")
def size_grid_get(request: HttpRequest, grid_id: int) -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.size_grid_get(grid_id=grid_id)


@router.patch("/size-grids/{grid_id}", response=SizeGridOut, url_name="size_grid_update")
def size_grid_update(
    request: HttpRequest, grid_id: int, payload: SizeGridPatch | None = None
) -> Any:
    api_require(request, Perm.CATALOG_EDIT)
    grid = selectors.size_grid_get(grid_id=grid_id)
    changes = {k: v for k, v in _body(payload).dict(exclude_unset=True).items() if v is not None}
    try:
        services.size_grid_update(grid=grid, by=request.user, **changes)
    except ValidationError as exc:
        _invalid(exc)
    return selectors.size_grid_get(grid_id=grid.pk)


# --- colours -------------------------------------------------------------------------------


@router.get("/colours", response=list[ColourOut], url_name="colour_list")
@paginate(LimitOffsetPagination)
def colour_list(request: HttpRequest, search: str = "") -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.colour_list(search=search)


@router.post("/colours", response={201: ColourOut}, url_name="colour_create")
def colour_create(request: HttpRequest, payload: ColourIn) -> Status[Any]:
    api_require(request, Perm.CATALOG_EDIT)
    try:
        return Status(201, services.colour_create(by=request.user, **payload.dict()))
    except ValidationError as exc:
        _invalid(exc)


@router.get("/colours/{colour_id}", response=ColourOut, url_name="colour_get")
def colour_get(request: HttpRequest, colour_id: int) -> Any:
    api_require(request, Perm.CATALOG_VIEW)
    return selectors.colour_get(colour_id=colour_id)


@router.patch("/colours/{colour_id}", response=ColourOut, url_name="colour_update")
def colour_update(request: HttpRequest, colour_id: int, payload: ColourPatch | None = None) -> Any:
    api_require(request, Perm.CATALOG_EDIT)
    colour = selectors.colour_get(colour_id=colour_id)
    changes = {k: v for k, v in _body(payload).dict(exclude_unset=True).items() if v is not None}
    try:
        return services.colour_update(colour=colour, by=request.user, **changes)
    except ValidationError as exc:
        _invalid(exc)
