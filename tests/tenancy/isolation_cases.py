from __future__ import annotations

from seamline.tenancy.choices import Role
from seamline.tenancy.models import Membership
from seamline.tenancy.services import api_token_create, invitation_create
from tests.isolation import Cases, Skip, World
from tests.tenancy.factories import UserFactory


def build(world: World, marker: str) -> World:
    tenant, owner = world["tenant"], world["owner"]
    worker = UserFactory(display_name=f"{marker} worker")
    membership = Membership.objects.create(tenant=tenant, user=worker, role=Role.WORKER)
    invitation, token = invitation_create(
        email=f"{marker}@example.com", role=Role.PLANNER, by=owner
    )
    api_token, _ = api_token_create(user=owner, name=f"{marker} token")
    return {
        "membership": membership,
        "invitation": invitation,
        "invitation_token": token,
        "api_token": api_token,
    }


CASES = Cases(
    build=build,
    urls={
        "tenancy:member_role": lambda w: {"pk": w["membership"].pk},
        "tenancy:member_deactivate": lambda w: {"pk": w["membership"].pk},
        "tenancy:invitation_revoke": lambda w: {"pk": w["invitation"].pk},
        "tenancy:api_token_revoke": lambda w: {"pk": w["api_token"].pk},
        "tenancy:invitation_accept": Skip(
            "the link's token is the secret: whoever holds it may join that organization, "
            "signed in to another or not (tests/tenancy/test_invitations.py)"
        ),
    },
    public=frozenset(
        {"tenancy:login", "tenancy:invitation_accept", "api:openapi-json", "api:openapi-view"}
    ),
)
