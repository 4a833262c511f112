from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seamline.orders import selectors as order_selectors
from seamline.tenancy.access import require_perm


@require_perm(None)
def home(request: HttpRequest) -> HttpResponse:
    """The front page of a factory: where its orders stand and what ships next."""
    return render(request, "web/home.html", order_selectors.order_dashboard())
