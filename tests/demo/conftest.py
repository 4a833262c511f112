from __future__ import annotations

import pytest
from django.utils import timezone

from seamline.demo.loader import DemoSummary, load_demo

# The demo's history lies before this day, so it must not be later than the real today.
TODAY = timezone.localdate()


@pytest.fixture
def demo(db: None) -> DemoSummary:
    """The demo, loaded for `TODAY`."""
    return load_demo(today=TODAY)
