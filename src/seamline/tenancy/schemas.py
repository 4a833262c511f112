from __future__ import annotations

from datetime import datetime

from ninja import Schema


class OrganizationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    currency: str
    time_zone: str


class MeOut(Schema):
    username: str
    display_name: str
    organization: OrganizationOut
    role: str
    permissions: list[str]


class MemberOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    role: str
    is_active: bool
    joined_at: datetime


class MyOrganizationOut(Schema):
    organization: OrganizationOut
    role: str
    current: bool
