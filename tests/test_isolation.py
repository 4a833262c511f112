"""Tenant isolation, walked over every page and API endpoint of the project.

For each URL that names a row, a member of tenant A asking for tenant B's row gets a 404 for
every HTTP method and tenant B's data is unchanged; asking for their own row works. Every
listing of tenant A is free of tenant B's marker. Anonymous visitors get the login page (or a
401 from the API) everywhere but on the few public pages.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, TenantModel, User
from tests.isolation import APPS, Cases, Skip, World
from tests.tenancy.factories import MembershipFactory, OrganizationFactory

OTHER = "OTHERTENANT"
OWN = "OWNTENANT"
IGNORED_NAMESPACES = {"admin", "djdt"}
IGNORED_NAMES = {"set_language", "javascript-catalog", "api-root"}


def _cases() -> dict[str, Cases]:
    found = {}
    for app in APPS:
        try:
            # "shopfloor" -> tests/shopfloor/isolation_cases.py; a dotted entry names the module.
            path = f"tests.{app}" if "." in app else f"tests.{app}.isolation_cases"
            module = importlib.import_module(path)
        except ModuleNotFoundError:
            continue
        found[app] = module.CASES
    return found


CASES = _cases()
URL_CASES: dict[str, Any] = {name: case for c in CASES.values() for name, case in c.urls.items()}
PUBLIC = frozenset().union(*(c.public for c in CASES.values()))


def _walk(
    patterns: list[Any], namespace: str = "", route: str = ""
) -> Iterator[tuple[str, list[str]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in IGNORED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, full, route + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in IGNORED_NAMES:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            kwargs = list(entry.pattern.regex.groupindex)
            yield name, kwargs


ALL_URLS = dict(_walk(get_resolver().url_patterns))
ROW_URLS = sorted(name for name, kwargs in ALL_URLS.items() if kwargs)
LIST_URLS = sorted(name for name, kwargs in ALL_URLS.items() if not kwargs)
METHODS = ["get", "post", "put", "patch", "delete"]


def _build(tenant: Organization, owner: User, marker: str) -> World:
    world: World = {"tenant": tenant, "owner": owner}
    with tenant_context(tenant):
        for cases in CASES.values():
            world.update(cases.build(world, marker))
    return world


def _fingerprint(tenant: Organization) -> str:
    """A digest of every tenant-owned row of `tenant`: any write shows up as a change."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if issubclass(model, TenantModel):
            rows = model.unscoped.filter(tenant=tenant).order_by("pk").values_list()
            digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def _worlds_once(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[World, World, Path]]:
    """Both tenants' worlds, built once per module (per test process) in a transaction that
    is rolled back at the end. Each test runs in a savepoint inside it, so whatever a test
    writes is gone before the next one starts."""
    media = tmp_path_factory.mktemp("media")  # the files of the worlds' rows
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media
    )
    with django_db_blocker.unblock(), transaction.atomic(), quick:
        tenant_a = OrganizationFactory(name="Factory A", slug="factory-a")
        tenant_b = OrganizationFactory(name="Factory B", slug="factory-b")
        owner_a = MembershipFactory(tenant=tenant_a, role=Role.OWNER).user
        owner_b = MembershipFactory(tenant=tenant_b, role=Role.OWNER).user
        yield _build(tenant_a, owner_a, OWN), _build(tenant_b, owner_b, OTHER), media
        transaction.set_rollback(True)


@pytest.fixture
def worlds(_worlds_once: tuple[World, World, Path], db: None, settings: Any) -> tuple[World, World]:
    own, other, media = _worlds_once
    # Uploaded files (a style's picture, a shipment's documents) stay where the worlds put them.
    settings.MEDIA_ROOT = media
    return own, other


@pytest.fixture
def owner_client_a(worlds: tuple[World, World], login: Callable[..., Client]) -> Client:
    own, _ = worlds
    return login(own["owner"], own["tenant"])


def _url(name: str, world: World) -> str:
    case = URL_CASES[name]
    return reverse(name, kwargs=case(world))


def test_every_url_that_names_a_row_has_an_isolation_case() -> None:
    missing = [name for name in ROW_URLS if name not in URL_CASES]
    assert missing == [], f"add these URL names to an isolation_cases.py: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROW_URLS)
def test_other_tenants_row_is_404_for_every_method(
    name: str, worlds: tuple[World, World], owner_client_a: Client
) -> None:
    if isinstance(URL_CASES.get(name), Skip) or name not in URL_CASES:
        pytest.skip(getattr(URL_CASES.get(name), "reason", "no case"))
    _, other = worlds
    url = _url(name, other)
    before = _fingerprint(other["tenant"])
    for method in METHODS:
        response = getattr(owner_client_a, method)(url)
        assert response.status_code in (404, 405), f"{method.upper()} {url}: {response.status_code}"
        assert OTHER.encode() not in response.content
    assert _fingerprint(other["tenant"]) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROW_URLS)
def test_own_row_opens(name: str, worlds: tuple[World, World], owner_client_a: Client) -> None:
    if isinstance(URL_CASES.get(name), Skip) or name not in URL_CASES:
        pytest.skip(getattr(URL_CASES.get(name), "reason", "no case"))
    own, _ = worlds
    url = _url(name, own)
    response = owner_client_a.get(url)
    # 405: the URL takes only writes (POST/PUT/DELETE); it still resolved the row.
    assert response.status_code in (200, 302, 405), f"GET {url}: {response.status_code}"
    assert OTHER.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", LIST_URLS)
def test_listings_never_show_the_other_tenant(
    name: str, worlds: tuple[World, World], owner_client_a: Client
) -> None:
    response = owner_client_a.get(reverse(name))
    assert response.status_code in (200, 302, 405), f"GET {reverse(name)}: {response.status_code}"
    assert OTHER.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ALL_URLS))
def test_anonymous_visitor_is_sent_to_login(name: str, worlds: tuple[World, World]) -> None:
    if name in PUBLIC:
        pytest.skip("public page")
    own, _ = worlds
    case = URL_CASES.get(name)
    if ALL_URLS[name] and (case is None or isinstance(case, Skip)):
        pytest.skip("no case")
    url = _url(name, own) if ALL_URLS[name] else reverse(name)
    response = Client().get(url)
    if name.startswith("api:"):
        assert response.status_code in (401, 405), f"GET {url}: {response.status_code}"
    else:
        assert response.status_code in (302, 405), f"GET {url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("tenancy:login"))
    assert OWN.encode() not in response.content
