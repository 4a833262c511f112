"""The tenancy rules of the schema, checked on every model: they make Citus and RLS possible."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from seamline.tenancy.models import Organization, TenantModel

# Global tables: the tenants themselves and people, who may belong to several tenants.
GLOBAL_MODELS = {"tenancy.organization", "tenancy.user"}


def _project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("seamline.")]


def test_every_project_model_is_tenant_owned_or_declared_global() -> None:
    stray = [
        m._meta.label_lower
        for m in _project_models()
        if not issubclass(m, TenantModel) and m._meta.label_lower not in GLOBAL_MODELS
    ]
    assert stray == []


def test_every_tenant_model_has_a_non_null_tenant_key() -> None:
    for model in _project_models():
        if issubclass(model, TenantModel):
            field = model._meta.get_field("tenant")
            assert isinstance(field, models.ForeignKey), model
            assert field.related_model is Organization, model
            assert not field.null, model


def test_every_unique_constraint_of_a_tenant_model_includes_the_tenant() -> None:
    offenders = []
    for model in _project_models():
        if not issubclass(model, TenantModel):
            continue
        for constraint in model._meta.constraints:
            if (
                isinstance(constraint, models.UniqueConstraint)
                and "tenant" not in constraint.fields
            ):
                offenders.append(f"{model._meta.label}.{constraint.name}")
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key:
                offenders.append(f"{model._meta.label}.{field.name} (unique=True)")
        for together in model._meta.unique_together:
            if "tenant" not in together:
                offenders.append(f"{model._meta.label} unique_together {together}")
    assert offenders == []


def test_many_to_many_tables_are_explicit_tenant_models() -> None:
    for model in _project_models():
        if model._meta.label_lower in GLOBAL_MODELS:
            continue  # Django's own user-group and user-permission links
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            assert issubclass(through, TenantModel), f"{model._meta.label}.{field.name}"
