"""The cluster over JSON: /api/v1/cluster/. Each party sees what `cluster.access` lets it."""

from ninja import Router

from seamline.cluster.api_ledger import router as ledger_router
from seamline.cluster.api_members import router as members_router
from seamline.cluster.api_orders import router as orders_router

router = Router(tags=["cluster"])
router.add_router("", members_router)
router.add_router("", orders_router)
router.add_router("", ledger_router)
