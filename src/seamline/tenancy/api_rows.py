"""Two small pieces every row-addressing router needs.

- `rows_first`: a router decorator (mode "view") that answers 404 for a path parameter naming
  no row of the active tenant *before* ninja parses the body, so another tenant's row is a 404
  for every method, never a 422 that confirms the URL is well formed.
- `invalid`: a service's Django ValidationError as a 422 naming each field, in the same shape
  as the API's own validation errors.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse


def rows_first(params: dict[str, type[models.Model]]) -> Callable[..., Any]:
    """`router.add_decorator(rows_first({"pk": Order}), mode="view")`."""

    def decorator(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(run)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Without a membership no tenant is active: let ninja's auth answer 401.
            if getattr(request, "membership", None) is not None:
                for name, model in params.items():
                    if name not in kwargs:
                        continue
                    value = str(kwargs[name])
                    if not value.isdigit() or not model._default_manager.filter(pk=value).exists():
                        return JsonResponse({"detail": "Not Found"}, status=404)
            return run(request, *args, **kwargs)

        return wrapped

    return decorator


def invalid(exc: ValidationError) -> JsonResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", name], "msg": message, "type": error.code or "invalid"}
            for name, field_errors in exc.error_dict.items()
            for error in field_errors
            for message in error.messages
        ]
    else:
        errors = [
            {"loc": ["body"], "msg": message, "type": error.code or "invalid"}
            for error in exc.error_list
            for message in error.messages
        ]
    return JsonResponse({"detail": "Invalid input.", "errors": errors}, status=422)


def validation_errors_as_422(func: Callable[..., Any]) -> Callable[..., Any]:
    """Router decorator (mode "operation"): a service's ValidationError becomes a 422."""

    @wraps(func)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(request, *args, **kwargs)
        except ValidationError as exc:
            return invalid(exc)

    return wrapped
