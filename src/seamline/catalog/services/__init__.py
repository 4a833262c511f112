"""Every write to the catalog: master data, styles and their BOMs, operation bulletins.

Callers import from here (`from seamline.catalog import services`); the modules split the
writes by subject only to keep each file readable.
"""

from seamline.catalog.services._base import (
    BOM_FIELDS,
    COLOUR_FIELDS,
    CUSTOMER_FIELDS,
    MATERIAL_FIELDS,
    OPERATION_FIELDS,
    STYLE_FIELDS,
)
from seamline.catalog.services.bulletin import (
    OperationSpec,
    bulletin_replace,
    operation_create,
    operation_delete,
    operation_move,
    operation_set_predecessors,
    operation_update,
)
from seamline.catalog.services.master import (
    colour_create,
    colour_update,
    customer_create,
    customer_update,
    material_create,
    material_update,
    size_grid_create,
    size_grid_update,
)
from seamline.catalog.services.styles import (
    bom_line_create,
    bom_line_delete,
    bom_line_update,
    style_create,
    style_delete,
    style_update,
)

__all__ = [
    "BOM_FIELDS",
    "COLOUR_FIELDS",
    "CUSTOMER_FIELDS",
    "MATERIAL_FIELDS",
    "OPERATION_FIELDS",
    "STYLE_FIELDS",
    "OperationSpec",
    "bom_line_create",
    "bom_line_delete",
    "bom_line_update",
    "bulletin_replace",
    "colour_create",
    "colour_update",
    "customer_create",
    "customer_update",
    "material_create",
    "material_update",
    "operation_create",
    "operation_delete",
    "operation_move",
    "operation_set_predecessors",
    "operation_update",
    "size_grid_create",
    "size_grid_update",
    "style_create",
    "style_delete",
    "style_update",
]
