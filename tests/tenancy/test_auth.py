"""Signing in and out, changing the password, Argon2 hashing and login throttling."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from seamline.config import settings as product_settings
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.tenancy.factories import PASSWORD, UserFactory

LOGIN = "/account/login/"
NEW_PASSWORD = "plum-thread-Bobbin-42"


def _login(client: Client, username: str, password: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password})


def test_product_hashes_passwords_with_argon2_first() -> None:
    assert (
        product_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


@pytest.mark.django_db
def test_argon2_hash_is_stored_and_verified_at_login(
    settings: pytest.FixtureRequest, tenant_a: Organization, member: Callable[..., User]
) -> None:
    settings.PASSWORD_HASHERS = product_settings.PASSWORD_HASHERS  # type: ignore[attr-defined]
    user = member(tenant_a, Role.OWNER)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])

    response = _login(Client(), user.username, PASSWORD)

    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


@pytest.mark.django_db
def test_login_with_right_password_signs_in_and_opens_home(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.OWNER)
    client = Client()

    response = _login(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get("/")
    assert home.status_code == 200
    assert "Factory A" in home.content.decode()


@pytest.mark.django_db
def test_login_with_wrong_password_stays_signed_out(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.OWNER)
    client = Client()

    response = _login(client, user.username, "not-the-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == 1


@pytest.mark.django_db
def test_logout_by_post_ends_the_session(owner_a: Client) -> None:
    response = owner_a.post("/account/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("tenancy:login")
    assert "_auth_user_id" not in owner_a.session
    home = owner_a.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("tenancy:login"))


@pytest.mark.django_db
def test_password_change_with_the_old_password(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.WORKER)
    client = Client()
    _login(client, user.username, PASSWORD)

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The session survives the change; the new password signs in elsewhere.
    assert client.session["_auth_user_id"] == str(user.pk)
    assert _login(Client(), user.username, NEW_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_change_refused_with_a_wrong_old_password(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.WORKER)
    client = Client()
    _login(client, user.username, PASSWORD)

    response = client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_refuses_a_weak_password(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.WORKER)
    client = Client()
    _login(client, user.username, PASSWORD)

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_needs_a_signed_in_user() -> None:
    response = Client().get("/account/password/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("tenancy:login"))


@pytest.mark.django_db
def test_repeated_failures_lock_the_login_even_for_the_right_password(
    settings: pytest.FixtureRequest, tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.OWNER)
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT  # type: ignore[attr-defined]

    statuses = [_login(client, user.username, f"wrong-{n}").status_code for n in range(limit)]
    response = _login(client, user.username, PASSWORD)

    assert statuses[:-1] == [200] * (limit - 1)
    assert statuses[-1] == 429
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The attempt with the right password while locked counts as one more failure.
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == limit + 1


@pytest.mark.django_db
def test_lockout_is_per_username(
    settings: pytest.FixtureRequest, tenant_a: Organization, member: Callable[..., User]
) -> None:
    victim = member(tenant_a, Role.OWNER)
    other = member(tenant_a, Role.WORKER)
    for n in range(settings.AXES_FAILURE_LIMIT):  # type: ignore[attr-defined]
        _login(Client(), victim.username, f"wrong-{n}")

    response = _login(Client(), other.username, PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(
    settings: pytest.FixtureRequest, tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.OWNER)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):  # type: ignore[attr-defined]
        _login(Client(), user.username, f"wrong-{n}")

    assert _login(Client(), user.username, PASSWORD).status_code == 302
    assert _login(Client(), user.username, "wrong-again").status_code == 200
    assert _login(Client(), user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_inactive_user_cannot_sign_in(tenant_a: Organization) -> None:
    user = UserFactory(is_active=False)
    response = _login(Client(), user.username, PASSWORD)
    assert response.status_code == 200
