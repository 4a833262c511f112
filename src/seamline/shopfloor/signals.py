"""The shop floor's one hook for apps above it (see STYLE.md: the lower app exposes a hook).

`work_recorded` is sent once per recorded scan or batch, after the transaction commits, with
``tenant`` (the factory) and ``order_ids`` (a frozenset of the orders whose bundles were
scanned). Receivers must be cheap or hand the work on: the scan ingest is benchmarked.
"""

from __future__ import annotations

import django.dispatch

work_recorded = django.dispatch.Signal()
