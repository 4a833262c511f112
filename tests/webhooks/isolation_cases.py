"""Tenant isolation cases (see tests/isolation.py); filled in as pages and endpoints land."""

from __future__ import annotations

from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    return {}


CASES = Cases(build=build, urls={})
