from __future__ import annotations

from typing import Any

import factory

from seamline.tenancy.choices import OrganizationKind, Role
from seamline.tenancy.models import Membership, Organization, User

PASSWORD = "correct-horse-battery-staple"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.FACTORY
    name = factory.Sequence(lambda n: f"Factory {n}")
    slug = factory.Sequence(lambda n: f"factory-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: Any, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    """Use with `Membership.unscoped` semantics: the tenant is given explicitly."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.OWNER
    tenant = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Membership:
        from seamline.tenancy.context import tenant_context

        with tenant_context(kwargs["tenant"]):
            return super()._create(model_class, *args, **kwargs)
