"""Lines and workers: every write goes through a service, is validated and audited."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from seamline.shopfloor import selectors, services
from seamline.shopfloor.models import Line, Worker
from seamline.tenancy.models import AuditEntry, Organization, User
from tests.shopfloor.factories import LineFactory, WorkerFactory

pytestmark = pytest.mark.usefixtures("in_tenant_a")


@pytest.fixture
def owner(member: Callable[..., User], tenant_a: Organization) -> User:
    return member(tenant_a, "owner")


def test_line_create_and_update_are_audited(owner: User) -> None:
    line = services.line_create(code=" L1 ", name="Line one", target_per_hour=80, by=owner)
    services.line_update(line=line, name="Line 1", working_minutes_per_day=600, by=owner)
    line.refresh_from_db()
    assert (line.code, line.name, line.target_per_hour, line.working_minutes_per_day) == (
        "L1",
        "Line 1",
        80,
        600,
    )
    assert list(AuditEntry.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        "line.create",
        "line.update",
    ]


def test_duplicate_line_code_is_refused_on_the_code_field(owner: User) -> None:
    LineFactory(code="L1")
    with pytest.raises(ValidationError) as exc:
        services.line_create(code="L1", name="Again", by=owner)
    assert exc.value.message_dict == {"code": ["L1 is already taken."]}
    assert Line.objects.count() == 1


def test_worker_create_update_deactivate_reactivate(owner: User) -> None:
    line = LineFactory(code="L1")
    other = LineFactory(code="L2")
    worker = services.worker_create(
        code="W001", name="Li Na", line=line, skill_grade=4, hourly_rate=Decimal("22.5"), by=owner
    )
    services.worker_update(worker=worker, line=other, phone="138", by=owner)
    worker.refresh_from_db()
    assert (worker.line, worker.phone, worker.skill_grade) == (other, "138", 4)
    services.worker_deactivate(worker=worker, by=owner)
    worker.refresh_from_db()
    assert worker.is_active is False
    services.worker_reactivate(worker=worker, by=owner)
    worker.refresh_from_db()
    assert worker.is_active is True
    assert list(AuditEntry.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        "worker.create",
        "worker.update",
        "worker.deactivate",
        "worker.reactivate",
    ]


def test_worker_with_a_grade_out_of_range_is_refused(owner: User) -> None:
    with pytest.raises(ValidationError) as exc:
        services.worker_create(code="W9", name="X", skill_grade=9, by=owner)
    assert exc.value.message_dict["skill_grade"] == [
        "Ensure this value is less than or equal to 5."
    ]
    assert Worker.objects.count() == 0


def test_duplicate_worker_code_on_update_is_refused(owner: User) -> None:
    WorkerFactory(code="W1")
    worker = WorkerFactory(code="W2")
    with pytest.raises(ValidationError) as exc:
        services.worker_update(worker=worker, code="W1", by=owner)
    assert exc.value.message_dict == {"code": ["W1 is already taken."]}
    worker.refresh_from_db()
    assert worker.code == "W2"


def test_line_list_counts_active_heads_and_worker_list_filters() -> None:
    line = LineFactory(code="L1")
    empty = LineFactory(code="L2")
    WorkerFactory(code="W1", name="Wang Fang", line=line)
    WorkerFactory(code="W2", name="Zhang Wei", line=line)
    WorkerFactory(code="W3", name="Chen Jie", line=line, is_active=False)
    assert [(x.code, x.head_count) for x in selectors.line_list()] == [("L1", 2), ("L2", 0)]
    assert [w.code for w in selectors.worker_list()] == ["W1", "W2"]
    assert [w.code for w in selectors.worker_list(active=None)] == ["W1", "W2", "W3"]
    assert [w.code for w in selectors.worker_list(active=False)] == ["W3"]
    assert [w.code for w in selectors.worker_list(search="zhang")] == ["W2"]
    assert [w.code for w in selectors.worker_list(line_id=empty.pk)] == []
