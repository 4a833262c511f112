"""The scanning front ends: a worker's phone app (an installable PWA) and the line station.

Both pages are thin: they embed who may be named in scans and the translated strings, and
their JavaScript (static/shopfloor/) writes every scan to an IndexedDB queue before it
posts the queue to the scans API (`api_scans.py`), which answers item by item.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from seamline.shopfloor import selectors
from seamline.shopfloor.api_scans import own_worker
from seamline.shopfloor.choices import ScanSource
from seamline.shopfloor.models import Line
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm

THEME_COLOR = "#0f6e6e"
# The app shell: what the service worker keeps so the phone app opens without a network.
SHELL_FILES = [
    "web/seamline.css",
    "shopfloor/scan.css",
    "shopfloor/scanqueue.js",
    "shopfloor/mobile.js",
    "shopfloor/icon.svg",
    "shopfloor/icon-192.png",
    "django_htmx/htmx-2.min.js",  # web/base.html loads it on every page
]

# Every word the scripts show, translated here and handed to them as JSON.
_STRINGS: dict[str, Any] = {
    "pending": gettext_lazy("Waiting to be sent"),
    "online": gettext_lazy("Online"),
    "offline": gettext_lazy("Offline: scans are kept on this device"),
    "syncing": gettext_lazy("Sending…"),
    "queued": gettext_lazy("Saved on this device; it will be sent when there is a network."),
    "credited": gettext_lazy("Recorded"),
    "duplicate": gettext_lazy("Already recorded"),
    "conflict": gettext_lazy("Sent to supervisor"),
    "error": gettext_lazy("Refused"),
    "not_a_code": gettext_lazy("“%(code)s” is not a coupon code like 1234-40."),
    "pick_worker": gettext_lazy("Choose the worker first."),
    "scan_badge_first": gettext_lazy("Scan a worker badge first."),
    "unknown_badge": gettext_lazy("Unknown badge: %(code)s"),
    "worker_selected": gettext_lazy("Worker: %(worker)s"),
    "signed_out": gettext_lazy("You are signed out: sign in again to send the waiting scans."),
    "server_refused": gettext_lazy("The server did not accept the scans (%(status)s)."),
    "server_error": gettext_lazy("The server could not be reached; trying again soon."),
    "camera_on": gettext_lazy("Camera on"),
    "camera_off": gettext_lazy("Camera off"),
    "camera_failed": gettext_lazy("The camera could not be started; type the code instead."),
    "as_of": gettext_lazy("as of %(time)s"),
    "day_line": gettext_lazy("%(pieces)s pcs · %(earnings)s"),
    "dismiss": gettext_lazy("Dismiss"),
    "storage_failed": gettext_lazy(
        "This browser does not let the app store scans, so nothing was recorded. "
        "Leave private browsing or allow site data, then try again."
    ),
}


def _strings() -> dict[str, str]:
    return {key: str(text) for key, text in _STRINGS.items()}


def _may_scan(request: HttpRequest) -> bool:
    return has_perm(request, Perm.SCAN_OWN) or has_perm(request, Perm.SCAN_RECORD)


def _queue_config(request: HttpRequest, source: str) -> dict[str, Any]:
    """What the queue module needs: where to send, whose queue, and for which source."""
    tenant = getattr(request, "tenant", None)
    return {
        "owner": f"{tenant.pk if tenant else 0}:{request.user.pk}",
        "batchUrl": reverse("api:scan_batch"),
        "myDayUrl": reverse("api:scan_my_day"),
        "source": source,
        "csrfToken": get_token(request),
        "csrfCookieName": settings.CSRF_COOKIE_NAME,
    }


def _roster(workers: Any) -> list[dict[str, str]]:
    return [{"code": w.code, "name": w.name} for w in workers]


@require_GET
@require_perm(None)
def mobile(request: HttpRequest) -> HttpResponse:
    """The phone app: a worker records their own work, a supervisor picks the worker."""
    if not _may_scan(request):
        raise PermissionDenied
    me = own_worker(request)
    can_pick = has_perm(request, Perm.SCAN_RECORD)
    roster = _roster(selectors.worker_list()) if can_pick else []
    config = _queue_config(request, ScanSource.MOBILE)
    config.update(
        {
            "me": {"code": me.code, "name": me.name} if me else None,
            "canPick": can_pick,
            "swUrl": reverse("shopfloor:mobile_sw"),
            "scope": reverse("shopfloor:mobile"),
        }
    )
    return render(
        request,
        "shopfloor/scan/mobile.html",
        {
            "me": me,
            "can_pick": can_pick,
            "roster": roster,
            "blocked": me is None and not can_pick,
            "config": config,
            "strings": _strings(),
            "theme_color": THEME_COLOR,
        },
    )


@require_GET
def mobile_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest that makes the phone app installable (no tenant data: public)."""
    scope = reverse("shopfloor:mobile")
    manifest = {
        "name": _("Seamline scanning"),
        "short_name": _("Scan"),
        "description": _("Record your work by scanning bundle coupons."),
        "start_url": scope,
        "scope": scope,
        "id": scope,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f5f6f8",
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static("shopfloor/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            },
            # Android's installer wants bitmaps of these two sizes.
            *(
                {
                    "src": static(f"shopfloor/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any",
                }
                for size in (192, 512)
            ),
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response


def _shell() -> tuple[list[str], str]:
    """The shell files that exist, and a version that changes whenever one of them does
    (so browsers install the new service worker)."""
    names, digest = [], hashlib.sha256()
    for name in SHELL_FILES:
        found = finders.find(name)
        if isinstance(found, str):
            names.append(name)
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return names, digest.hexdigest()[:16]


@require_GET
@never_cache
def mobile_sw(request: HttpRequest) -> HttpResponse:
    """The service worker: keeps the app shell, so the phone app opens offline (public)."""
    names, version = _shell()
    context = {
        "version": version,
        "start_url": json.dumps(reverse("shopfloor:mobile")),
        "shell": json.dumps([static(name) for name in names]),
        "static_prefix": json.dumps(settings.STATIC_URL),
    }
    return render(request, "shopfloor/scan/sw.js", context, content_type="application/javascript")


@require_GET
@require_perm(Perm.SCAN_RECORD)
def station(request: HttpRequest) -> HttpResponse:
    """The line station: a shared terminal with a USB scanner reading badges and coupons."""
    line: Line | None = None
    raw = request.GET.get("line", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        line = get_object_or_404(Line, pk=int(raw))
    return render(
        request,
        "shopfloor/scan/station.html",
        {
            "lines": selectors.line_list(active=True),
            "line": line,
            "roster": _roster(selectors.worker_list(line_id=line.pk if line else None)),
            "config": _queue_config(request, ScanSource.STATION),
            "strings": _strings(),
        },
    )
