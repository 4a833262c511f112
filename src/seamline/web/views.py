from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from seamline.orders import selectors as order_selectors
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm


@require_perm(None)
def home(request: HttpRequest) -> HttpResponse:
    """The front page of a factory: where its orders stand and what ships next.

    A worker on the line has nothing to do with orders: their front page is the scan app.
    """
    if not has_perm(request, Perm.ORDERS_VIEW) and has_perm(request, Perm.SCAN_OWN):
        return redirect("shopfloor:mobile")
    return render(request, "web/home.html", order_selectors.order_dashboard())
