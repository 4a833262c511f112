"""The scanning pages: the phone app, its manifest and service worker, and the line station."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seamline.shopfloor.models import Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.shopfloor.factories import LineFactory, WorkerFactory

pytestmark = pytest.mark.django_db

MOBILE = "/shopfloor/m/"
NOT_LINKED = b"Your login is not linked to a worker on the roster"


def _config(content: bytes, element: str = "scan-config") -> Any:
    html = content.decode()
    start = html.index(f'<script id="{element}" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


@pytest.fixture
def linked_worker(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> tuple[Client, Worker]:
    user = member(tenant_a, Role.WORKER)
    with tenant_context(tenant_a):
        worker = WorkerFactory(code="HM-015", name="Li Na", user=user)
    return login(user, tenant_a), worker


def test_urls_are_where_phones_and_stations_expect_them() -> None:
    assert reverse("shopfloor:mobile") == MOBILE
    assert reverse("shopfloor:mobile_manifest") == "/shopfloor/m/manifest.webmanifest"
    assert reverse("shopfloor:mobile_sw") == "/shopfloor/m/sw.js"
    assert reverse("shopfloor:station") == "/shopfloor/station/"


def test_worker_with_a_linked_worker_gets_the_app(linked_worker: tuple[Client, Worker]) -> None:
    client, worker = linked_worker

    response = client.get(MOBILE)

    assert response.status_code == 200
    assert b'rel="manifest" href="/shopfloor/m/manifest.webmanifest"' in response.content
    assert b'name="theme-color"' in response.content
    assert b'id="code-form"' in response.content
    assert b'id="worker-select"' not in response.content
    assert NOT_LINKED not in response.content
    config = _config(response.content)
    assert config["me"] == {"code": "HM-015", "name": "Li Na"}
    assert config["canPick"] is False
    assert config["source"] == "mobile"
    assert config["batchUrl"] == "/api/v1/shopfloor/scans/batch"
    assert config["swUrl"] == "/shopfloor/m/sw.js"
    strings = _config(response.content, "scan-strings")
    assert strings["credited"] == "Recorded"


def test_worker_without_a_linked_worker_is_told_so(
    worker_a: Client, tenant_a: Organization
) -> None:
    response = worker_a.get(MOBILE)

    assert response.status_code == 200
    assert NOT_LINKED in response.content
    assert b'id="code-form"' not in response.content
    assert b'data-blocked="true"' in response.content


def test_supervisor_gets_the_worker_picker(supervisor_a: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        WorkerFactory(code="HM-015", name="Li Na")
        WorkerFactory(code="HM-016", name="Gone", is_active=False)

    response = supervisor_a.get(MOBILE)

    assert response.status_code == 200
    assert b'id="worker-select"' in response.content
    assert b'<option value="HM-015">HM-015 Li Na</option>' in response.content
    assert b"HM-016" not in response.content
    assert NOT_LINKED not in response.content
    assert _config(response.content)["canPick"] is True


@pytest.mark.parametrize("url", [MOBILE, "/shopfloor/station/"])
def test_brand_buyer_may_not_scan(buyer_a: Client, url: str) -> None:
    assert buyer_a.get(url).status_code == 403


def test_worker_may_not_open_the_station(linked_worker: tuple[Client, Worker]) -> None:
    client, _worker = linked_worker
    assert client.get("/shopfloor/station/").status_code == 403


@pytest.mark.parametrize("url", [MOBILE, "/shopfloor/station/"])
def test_anonymous_visitor_is_sent_to_login(url: str) -> None:
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('tenancy:login')}?next={url}"


def test_manifest_is_json_with_scope_and_start_url(linked_worker: tuple[Client, Worker]) -> None:
    client, _worker = linked_worker

    response = Client().get("/shopfloor/m/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["scope"]) == (MOBILE, MOBILE)
    assert manifest["display"] == "standalone"
    assert manifest["name"] == "Seamline scanning"
    assert manifest["icons"][0]["src"] == "/static/shopfloor/icon.svg"
    assert manifest["icons"][0]["type"] == "image/svg+xml"


def test_service_worker_is_uncached_javascript_with_the_shell() -> None:
    response = Client().get("/shopfloor/m/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    assert 'const START_URL = "/shopfloor/m/";' in body
    assert '"/static/shopfloor/scanqueue.js"' in body
    assert '"/static/shopfloor/mobile.js"' in body
    assert 'addEventListener("fetch"' in body


def test_pages_render_in_chinese(linked_worker: tuple[Client, Worker]) -> None:
    client, _worker = linked_worker
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get(MOBILE)

    assert response.status_code == 200
    assert b'<html lang="zh-hans">' in response.content
    assert response["Content-Language"] == "zh-hans"


def test_station_lists_active_workers_of_the_chosen_line(
    supervisor_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        line, other = LineFactory(code="L1"), LineFactory(code="L2")
        WorkerFactory(code="HM-015", name="Li Na", line=line)
        WorkerFactory(code="HM-016", name="Gone", line=line, is_active=False)
        WorkerFactory(code="HM-020", name="Zhao Lei", line=other)

    everyone = supervisor_a.get("/shopfloor/station/")
    one_line = supervisor_a.get(f"/shopfloor/station/?line={line.pk}")

    assert everyone.status_code == one_line.status_code == 200
    assert [w["code"] for w in _config(everyone.content, "station-roster")] == ["HM-015", "HM-020"]
    assert _config(one_line.content, "station-roster") == [{"code": "HM-015", "name": "Li Na"}]
    assert _config(one_line.content)["source"] == "station"


def test_station_refuses_a_line_of_another_tenant(
    supervisor_a: Client, tenant_b: Organization
) -> None:
    with tenant_context(tenant_b):
        line = LineFactory(code="LB")

    assert supervisor_a.get(f"/shopfloor/station/?line={line.pk}").status_code == 404
    assert supervisor_a.get("/shopfloor/station/?line=abc").status_code == 404


@pytest.mark.parametrize("url", [MOBILE, "/shopfloor/station/"])
def test_pages_read_the_roster_in_a_fixed_number_of_queries(
    supervisor_a: Client, tenant_a: Organization, url: str
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert supervisor_a.get(url).status_code == 200
        return len(captured)

    with tenant_context(tenant_a):
        WorkerFactory()
    few = queries()
    with tenant_context(tenant_a):
        WorkerFactory.create_batch(5)

    assert queries() == few
