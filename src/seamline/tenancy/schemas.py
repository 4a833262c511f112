from __future__ import annotations

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
