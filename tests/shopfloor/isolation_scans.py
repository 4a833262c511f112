"""The scanning pages in the tenant-isolation walk.

Their URLs take no arguments (the station's `?line=` is checked in test_scan_pages.py), so
nothing is built here. The manifest and the service worker hold no tenant data and must load
without a session (browsers fetch the manifest without cookies): they are public.
"""

from __future__ import annotations

from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    return {}


CASES = Cases(
    build=build,
    urls={},
    public=frozenset({"shopfloor:mobile_manifest", "shopfloor:mobile_sw"}),
)
