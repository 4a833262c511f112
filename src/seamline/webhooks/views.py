"""The webhook endpoint page: register receivers, see their deliveries, resend, test.

WEBHOOKS_MANAGE opens it. A new or rotated signing secret is shown once, in the answer to
the POST that made it; afterwards only its first characters are shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors
from seamline.webhooks import services
from seamline.webhooks.forms import EndpointForm
from seamline.webhooks.models import Delivery, Endpoint

RECENT = 10


def _page(
    request: HttpRequest,
    *,
    form: EndpointForm | None = None,
    secret: tuple[Endpoint, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    endpoints = list(Endpoint.objects.select_related("customer").order_by("pk"))
    recent: dict[int, list[Delivery]] = {}
    for endpoint in endpoints:
        recent[endpoint.pk] = list(endpoint.deliveries.order_by("-created_at", "-pk")[:RECENT])
    return render(
        request,
        "webhooks/endpoint_list.html",
        {
            "rows": [(endpoint, recent[endpoint.pk]) for endpoint in endpoints],
            "form": form or EndpointForm(),
            "secret": secret,
            "tolerance_minutes": services.TOLERANCE_SECONDS // 60,
        },
        status=status,
    )


@require_GET
@require_perm(Perm.WEBHOOKS_MANAGE)
def endpoint_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@require_perm(Perm.WEBHOOKS_MANAGE)
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            endpoint = services.endpoint_create(
                url=data["url"],
                events=data["events"],
                customer=data["customer"],
                description=data["description"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Endpoint %(url)s was added.") % {"url": endpoint.url})
            return _page(request, secret=(endpoint, endpoint.secret))
    return _page(request, form=form, status=422)


def _endpoint(pk: int) -> Endpoint:
    return get_object_or_404(Endpoint.objects, pk=pk)


@require_POST
@require_perm(Perm.WEBHOOKS_MANAGE)
def endpoint_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    secret = services.endpoint_rotate_secret(endpoint=endpoint, by=request.user)
    messages.success(
        request,
        _("%(url)s has a new signing secret; the old one no longer works.") % {"url": endpoint.url},
    )
    return _page(request, secret=(endpoint, secret))


@require_POST
@require_perm(Perm.WEBHOOKS_MANAGE)
def endpoint_active(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    active = request.POST.get("active") == "1"
    services.endpoint_set_active(endpoint=endpoint, active=active, by=request.user)
    if active:
        messages.success(request, _("%(url)s receives events again.") % {"url": endpoint.url})
    else:
        messages.success(request, _("%(url)s was deactivated.") % {"url": endpoint.url})
    return redirect("webhooks:endpoint_list")


@require_POST
@require_perm(Perm.WEBHOOKS_MANAGE)
def endpoint_ping(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    try:
        services.endpoint_ping(endpoint=endpoint, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("A test event is on its way to %(url)s; reload to see the answer.")
            % {"url": endpoint.url},
        )
    return redirect("webhooks:endpoint_list")


@require_POST
@require_perm(Perm.WEBHOOKS_MANAGE)
def delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery.objects.select_related("endpoint"), pk=pk)
    try:
        services.delivery_resend(delivery=delivery, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event is being sent again."))
    return redirect("webhooks:endpoint_list")
