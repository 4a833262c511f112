"""Organizations, users and memberships of the demo."""

from __future__ import annotations

from seamline.demo.build.context import DemoContext
from seamline.demo.data.orgs import (
    ALL_ORGS,
    CURRENCY,
    DEMO_PASSWORD,
    DEMO_USER,
    LOGINS,
    TIME_ZONE,
    LoginSpec,
)
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Membership, User
from seamline.tenancy.services import organization_create


def load_tenancy(ctx: DemoContext) -> None:
    """Every login's user, every organization (its owner first) and the other memberships."""
    _create_users(ctx)
    owners = {spec.org_key: spec for spec in LOGINS if spec.role == "owner"}
    for org_spec in ALL_ORGS:
        first_owner = owners[org_spec.key]
        ctx.orgs[org_spec.key] = organization_create(
            name=org_spec.name,
            kind=org_spec.kind,
            owner=ctx.users[first_owner.username],
            slug=org_spec.slug,
            time_zone=TIME_ZONE,
            currency=CURRENCY,
            city=org_spec.city,
        )
    for login in LOGINS:
        org = ctx.orgs[login.org_key]
        user = ctx.users[login.username]
        if login.username != DEMO_USER:
            ctx.staff[(login.org_key, login.role)] = user
        if login is owners[login.org_key]:
            continue  # organization_create made this membership
        with tenant_context(org):
            Membership.objects.create(tenant=org, user=user, role=login.role)
    for username, user in ctx.users.items():
        first = next(spec for spec in LOGINS if spec.username == username)
        user.last_organization = ctx.orgs[first.org_key]
        user.save(update_fields=["last_organization"])


def _create_users(ctx: DemoContext) -> None:
    password_hash = ""
    for login in LOGINS:
        if login.username in ctx.users:
            continue
        user = _user(login)
        if password_hash:
            # One Argon2 hash (a fifth of a second) serves every demo login: same password.
            user.password = password_hash
        else:
            user.set_password(DEMO_PASSWORD)
            password_hash = user.password
        user.full_clean(exclude=["password"])
        user.save()
        ctx.users[login.username] = user


def _user(login: LoginSpec) -> User:
    first, _, last = login.display_name.partition(" ")
    return User(
        username=login.username,
        display_name=login.display_name,
        # Chinese names are written family name first.
        last_name=first,
        first_name=last,
        email=f"{login.username}@example.com",
    )
