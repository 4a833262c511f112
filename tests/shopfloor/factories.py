"""Shop-floor factories. Create inside `tenant_context(org)`."""

from __future__ import annotations

import factory

from seamline.shopfloor.models import Line, Worker


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Line

    code = factory.Sequence(lambda n: f"L{n}")
    name = factory.Sequence(lambda n: f"Line {n}")
    target_per_hour = 60


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    code = factory.Sequence(lambda n: f"W{n:04d}")
    name = factory.Sequence(lambda n: f"Worker {n}")
    line = factory.SubFactory(LineFactory)
