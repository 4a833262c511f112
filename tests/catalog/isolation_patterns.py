"""Patterns and their pieces in the tenant-isolation walk."""

from __future__ import annotations

from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    return {}


CASES = Cases(build=build, urls={})
