"""The one NinjaAPI: every app mounts its router under /api/v1/. OpenAPI docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from seamline.catalog.api import router as catalog_router
from seamline.catalog.api_patterns import router as patterns_router
from seamline.cluster.api import router as cluster_router
from seamline.cutting.api import router as cutting_router
from seamline.cutting.api_markers import router as markers_router
from seamline.cutting.api_room import router as room_router
from seamline.orders.api import router as orders_router
from seamline.payroll.api import router as payroll_router
from seamline.quality.api import router as quality_router
from seamline.quality.api_final import router as final_router
from seamline.quality.api_measures import router as measures_router
from seamline.shipping.api_packing import router as packing_router
from seamline.shipping.api_shipments import router as shipments_router
from seamline.shopfloor.api import router as shopfloor_router
from seamline.shopfloor.api_balance import router as balance_router
from seamline.shopfloor.api_corrections import router as corrections_router
from seamline.shopfloor.api_floor import router as floor_router
from seamline.shopfloor.api_scans import router as scans_router
from seamline.tenancy.access import api_auth
from seamline.tenancy.api import router as tenancy_router
from seamline.webhooks.api import router as webhooks_router

api = NinjaAPI(
    title="Seamline API",
    version="1",
    description=str(
        _(
            "Authenticate with `Authorization: Bearer <token>`; a token acts for one "
            "organization. Create tokens under People → API tokens."
        )
    ),
    auth=api_auth,
    urls_namespace="api",
)
api.add_router("/v1/", tenancy_router)
api.add_router("/v1/catalog/", catalog_router)
api.add_router("/v1/catalog/", patterns_router)
api.add_router("/v1/orders/", orders_router)
api.add_router("/v1/shopfloor/", shopfloor_router)
api.add_router("/v1/shopfloor/", scans_router)
api.add_router("/v1/shopfloor/", floor_router)
api.add_router("/v1/shopfloor/", corrections_router)
api.add_router("/v1/shopfloor/", balance_router)
api.add_router("/v1/cutting/", cutting_router)
api.add_router("/v1/cutting/", markers_router)
api.add_router("/v1/cutting/", room_router)
api.add_router("/v1/payroll/", payroll_router)
api.add_router("/v1/quality/", quality_router)
api.add_router("/v1/quality/", measures_router)
api.add_router("/v1/quality/", final_router)
api.add_router("/v1/shipping/", packing_router)
api.add_router("/v1/shipping/", shipments_router)
api.add_router("/v1/webhooks/", webhooks_router)
api.add_router("/v1/cluster/", cluster_router)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Name every bad field: `loc` is the path to it, `msg` what is wrong."""
    return api.create_response(
        request, {"detail": "Invalid input.", "errors": exc.errors}, status=422
    )
