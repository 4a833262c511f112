"""Fixtures for every test: two tenants, members of each role, logged-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.middleware import SESSION_KEY
from seamline.tenancy.models import Organization, User
from tests.tenancy.factories import MembershipFactory, OrganizationFactory


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup` tests spread one by one over the workers, but for these
    groups, which each stay on one worker: the demo tests (they share one load of the
    demo), the browser tests and the live-server tests (one browser, one server)."""
    for item in items:
        parts = Path(str(item.path)).parts
        if "tests" not in parts:
            continue
        folder = parts[parts.index("tests") + 1] if len(parts) > parts.index("tests") + 1 else ""
        if folder in ("demo", "browser", "live"):
            item.add_marker(pytest.mark.xdist_group(folder))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Argon2 is the product's hasher; tests log in hundreds of times and need no slow hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _language_of_the_settings() -> None:
    # A request from a Chinese-speaking user leaves zh-hans active on the test thread
    # (LocaleMiddleware activates, nothing deactivates); the next test starts afresh.
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    # Uploaded pictures of a test run go to its own folder, not the data dir.
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def tenant_a(db: None) -> Organization:
    return OrganizationFactory(name="Factory A", slug="factory-a")


@pytest.fixture
def tenant_b(db: None) -> Organization:
    return OrganizationFactory(name="Factory B", slug="factory-b")


@pytest.fixture
def in_tenant_a(tenant_a: Organization) -> Iterator[Organization]:
    """Run the test body with tenant A active, as a request of tenant A would."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def member() -> Callable[..., User]:
    """member(tenant, role) -> a user with that role in that tenant."""

    def make(tenant: Organization, role: str = Role.OWNER, **user_fields: object) -> User:
        membership = MembershipFactory(
            tenant=tenant, role=role, **{f"user__{k}": v for k, v in user_fields.items()}
        )
        return membership.user

    return make


@pytest.fixture
def login() -> Callable[[User, Organization], Client]:
    """login(user, tenant) -> a Django test client signed in and working in `tenant`."""

    def make(user: User, tenant: Organization) -> Client:
        client = Client()
        client.force_login(user)
        session = client.session
        session[SESSION_KEY] = tenant.pk
        session.save()
        return client

    return make


@pytest.fixture
def client_as(
    member: Callable[..., User], login: Callable[[User, Organization], Client]
) -> Callable[[Organization, str], Client]:
    """client_as(tenant, role) -> a logged-in client of a new member with that role."""

    def make(tenant: Organization, role: str = Role.OWNER) -> Client:
        return login(member(tenant, role), tenant)

    return make


@pytest.fixture
def owner_a(client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return client_as(tenant_a, Role.OWNER)


@pytest.fixture
def planner_a(client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return client_as(tenant_a, Role.PLANNER)


@pytest.fixture
def supervisor_a(
    client_as: Callable[[Organization, str], Client], tenant_a: Organization
) -> Client:
    return client_as(tenant_a, Role.SUPERVISOR)


@pytest.fixture
def worker_a(client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return client_as(tenant_a, Role.WORKER)


@pytest.fixture
def buyer_a(client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return client_as(tenant_a, Role.BRAND_BUYER)


@pytest.fixture
def api_client_as(
    member: Callable[..., User],
) -> Callable[[Organization, str], Client]:
    """api_client_as(tenant, role) -> a client sending a bearer token of a new member."""
    from seamline.tenancy.services import api_token_create

    def make(tenant: Organization, role: str = Role.OWNER) -> Client:
        user = member(tenant, role)
        with tenant_context(tenant):
            _, key = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {key}"})

    return make
