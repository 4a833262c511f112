from __future__ import annotations

from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    return {}


CASES = Cases(
    build=build,
    urls={},
    public=frozenset({"tenancy:login", "api:openapi-json", "api:openapi-view"}),
)
