"""What the cluster members API takes and answers. Minutes and counts are integers, money a
decimal string with four places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class OrganizationRef(Schema):
    id: int
    name: str
    slug: str


class MemberOut(Schema):
    id: int
    organization: OrganizationRef
    role: str
    status: str
    invited_at: dt.datetime
    answered_at: dt.datetime | None


class ClusterOut(Schema):
    id: int
    name: str
    code: str
    description: str
    currency: str
    operator: OrganizationRef = Field(..., description="The organization that runs it.")
    created_at: dt.datetime

    @staticmethod
    def resolve_operator(obj: Any) -> Any:
        return obj.tenant


class ClusterDetailOut(ClusterOut):
    part: str | None = Field(
        None,
        description="How the caller stands: operator, brand or factory (active members); "
        "null while its invitation waits.",
    )
    members: list[MemberOut] = Field(
        default_factory=list,
        description="The operator sees every member; a member sees the active ones and itself.",
    )

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(getattr(obj, "members_shown", []))


class ProfileOut(Schema):
    capabilities: list[str]
    style_notes: str
    lines: int
    operators_per_line: int
    certifications: list[str]
    city: str
    province: str
    min_order_qty: int
    cost_per_minute: Decimal
    late_share: Decimal
    machines: dict[str, int] = Field(..., description="Machine type code -> count.")
    updated_at: dt.datetime


class ProfileIn(Schema):
    capabilities: list[str] = Field(default_factory=list, description="Capability codes.")
    style_notes: str = ""
    lines: int = 0
    operators_per_line: int = 0
    certifications: list[str] = Field(default_factory=list)
    city: str = ""
    province: str = ""
    min_order_qty: int = 0
    cost_per_minute: Decimal = Decimal("0")
    machines: dict[str, int] = Field(
        default_factory=dict,
        description="Machine type code -> count; a type left out or at 0 is taken out.",
    )


class WeekOut(Schema):
    week_start: dt.date = Field(..., description="The Monday the week starts on.")
    derived_minutes: int = Field(..., description="From the lines and the calendar.")
    available_minutes: int
    edited: bool = Field(..., description="Set by hand; kept when weeks are derived again.")
    free_minutes: int = Field(..., description="Available less what allocations promise.")


class WeekIn(Schema):
    available_minutes: int
