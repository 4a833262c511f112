"""What the cluster orders API takes and answers. Garments are integers, money decimal
strings; fields a party may not see are null."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from seamline.cluster.allocating import lines_prefetch, reason_words
from seamline.cluster.models import Allocation, AllocationLine


class LineIn(Schema):
    colour: str = Field(..., max_length=60)
    size: str = Field(..., max_length=20)
    quantity: int


class ClusterOrderIn(Schema):
    cluster_id: int
    style_id: int = Field(..., description="A style of your own catalog with its bulletin.")
    lines: list[LineIn]
    delivery_date: dt.date
    target_price: Decimal = Field(..., description="What the brand pays per garment.")
    factory_price: Decimal = Field(..., description="What a factory is paid per garment.")
    commission_pct: Decimal = Decimal("0")
    channel_fee_pct: Decimal = Decimal("0")
    defect_deduction: Decimal = Decimal("0")
    required_capabilities: list[str] = Field(default_factory=list)
    min_batch: int = 0
    share_brand_name: bool = True
    share_target_price: bool = False
    brand_reference: str = ""
    description: str = ""


class LineOut(Schema):
    colour: str
    size: str
    quantity: int


class OperationOut(Schema):
    code: str
    name: str
    machine_type: str
    smv: str


class ClusterRef(Schema):
    id: int
    name: str


class ClusterOrderOut(Schema):
    """As the acting party may see it: a factory gets the brand and the brand's price only
    when the brand shared them, and never the settlement rules."""

    id: int
    number: str
    cluster: ClusterRef
    status: str
    brand: str | None
    brand_reference: str | None = None
    style_code: str
    style_name: str
    category: str
    description: str
    bulletin: list[OperationOut]
    smv: str
    required_capabilities: list[str]
    min_batch: int
    delivery_date: dt.date
    currency: str
    target_price: str | None
    quantity: int
    lines: list[LineOut]
    factory_price: str | None = None
    commission_pct: str | None = None
    channel_fee_pct: str | None = None
    defect_deduction: str | None = None
    share_brand_name: bool | None = None
    share_target_price: bool | None = None
    open_quantity: int | None = None


class BidIn(Schema):
    quantity: int
    unit_price: Decimal
    ready_date: dt.date
    note: str = ""


class BidOut(Schema):
    id: int
    order_id: int
    factory_id: int
    factory_name: str
    quantity: int
    unit_price: Decimal
    ready_date: dt.date
    note: str
    status: str

    @staticmethod
    def resolve_factory_name(obj: Any) -> str:
        return str(obj.factory.name)


class RunIn(Schema):
    mode: str = Field("cost", description='"cost" (lowest cost and risk) or "fair".')


class AllocationOut(Schema):
    id: int
    ref: uuid.UUID
    order_id: int
    order_number: str
    factory_id: int
    factory_name: str
    run_id: int | None
    quantity: int
    unit_price: Decimal
    ready_date: dt.date
    status: str
    reason: dict[str, Any]
    reasons: list[str]
    factory_order_number: str
    answered_at: dt.datetime | None
    lines: list[LineOut]
    cut: int
    sewn: int
    finished: int
    shipped: int

    @staticmethod
    def resolve_order_number(obj: Any) -> str:
        return str(obj.order.number)

    @staticmethod
    def resolve_factory_name(obj: Any) -> str:
        return str(obj.factory.name)

    @staticmethod
    def resolve_reasons(obj: Any) -> list[str]:
        return reason_words(obj.reason or {})

    @staticmethod
    def resolve_lines(obj: Any) -> list[dict[str, Any]]:
        return [
            {"colour": line.colour, "size": line.size, "quantity": line.quantity}
            for line in _lines_of(obj)
        ]


def _lines_of(allocation: Any) -> list[Any]:
    """The prefetched lines, else read unscoped (a related manager scopes to the acting
    tenant, which for a brand or a factory is not the operator's)."""
    cache = getattr(allocation, "_prefetched_objects_cache", {})
    if "lines" in cache:
        return list(cache["lines"])
    return list(AllocationLine.unscoped.filter(allocation=allocation))


class RunOut(Schema):
    id: int
    order_id: int
    mode: str
    status: str
    objective: Decimal
    bound: Decimal
    runtime_ms: int
    unplaced: int
    explanation: list[dict[str, Any]]
    created_at: dt.datetime
    allocations: list[AllocationOut]

    @staticmethod
    def resolve_allocations(obj: Any) -> list[Any]:
        return list(
            Allocation.unscoped.filter(run=obj)
            .select_related("order", "factory")
            .prefetch_related(lines_prefetch())
        )


class AnswerIn(Schema):
    accept: bool
