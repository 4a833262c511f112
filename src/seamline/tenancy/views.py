from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seamline.tenancy import selectors, services
from seamline.tenancy.access import require_perm
from seamline.tenancy.choices import Role
from seamline.tenancy.forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    InvitationForm,
    MemberRoleForm,
)
from seamline.tenancy.middleware import SESSION_KEY
from seamline.tenancy.models import Membership
from seamline.tenancy.permissions import Perm

# login() must name a backend: axes' backend only guards, the model backend signs in.
_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    template_name = "tenancy/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "tenancy/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


def _work_in(request: HttpRequest, membership: Membership) -> None:
    """Make `membership`'s organization the one this session works in."""
    services.organization_switch(user=membership.user, organization_id=membership.tenant_id)
    request.session[SESSION_KEY] = membership.tenant_id


@login_required
@require_POST
def organization_switch(request: HttpRequest) -> HttpResponse:
    try:
        organization_id = int(request.POST.get("organization", ""))
    except ValueError as exc:
        raise Http404 from exc
    membership = services.organization_switch(user=request.user, organization_id=organization_id)  # type: ignore[arg-type]
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.tenant_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = str(reverse_lazy("web:home"))
    return redirect(target)


# --- members -------------------------------------------------------------------------------


@require_perm(Perm.MEMBERS_MANAGE)
def member_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tenancy/member_list.html",
        {"members": selectors.member_list(), "roles": Role.choices},
    )


@require_perm(Perm.MEMBERS_MANAGE)
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.member_get(membership_id=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
        return redirect("tenancy:member_list")
    try:
        services.membership_set_role(
            membership=membership,
            role=form.cleaned_data["role"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": membership.user, "role": membership.get_role_display()},
        )
    return redirect("tenancy:member_list")


@require_perm(Perm.MEMBERS_MANAGE)
@require_POST
def member_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.member_get(membership_id=pk)
    try:
        services.membership_deactivate(membership=membership, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s can no longer work in this organization.") % {"user": membership.user},
        )
    return redirect("tenancy:member_list")


# --- invitations ---------------------------------------------------------------------------


@require_perm(Perm.MEMBERS_MANAGE)
def invitation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tenancy/invitation_list.html",
        {"invitations": selectors.invitation_list(), "form": InvitationForm()},
    )


@require_perm(Perm.MEMBERS_MANAGE)
def invitation_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site_url = request.build_absolute_uri("/")
        try:
            invitation, token = services.invitation_create(
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,  # type: ignore[arg-type]
                site_url=site_url,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The token is stored only as a hash: this page is the one chance to copy the link.
            link = services.invitation_link(site_url=site_url, token=token)
            return render(
                request,
                "tenancy/invitation_created.html",
                {"invitation": invitation, "link": link},
            )
    return render(request, "tenancy/invitation_form.html", {"form": form})


@require_perm(Perm.MEMBERS_MANAGE)
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_get(invitation_id=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The invitation for %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("tenancy:invitation_list")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation: public, because the token in it is the secret."""
    invitation = selectors.invitation_by_token(token=token)
    try:
        invitation = services.invitation_check(invitation)
    except ValidationError as exc:
        return render(
            request,
            "tenancy/invitation_invalid.html",
            {"reason": " ".join(exc.messages)},
            status=404 if invitation is None else 410,
        )
    context: dict[str, Any] = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("web:home")
            _work_in(request, membership)
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.tenant.name})
            return redirect("web:home")
        context["already"] = selectors.membership_for(
            user=request.user, tenant_id=invitation.tenant_id
        )
        return render(request, "tenancy/invitation_accept.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept_new_user(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, membership.user, backend=_LOGIN_BACKEND)
            _work_in(request, membership)
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.tenant.name})
            return redirect("web:home")
    context["form"] = form
    context["login_url"] = f"{reverse('tenancy:login')}?next={request.path}"
    return render(request, "tenancy/invitation_accept.html", context)


# --- API tokens ----------------------------------------------------------------------------


@require_perm(Perm.API_TOKENS)
def api_token_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tenancy/api_token_list.html",
        {"tokens": selectors.api_token_list(user=request.user), "form": ApiTokenForm()},  # type: ignore[arg-type]
    )


@require_perm(Perm.API_TOKENS)
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = services.api_token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
        )
        return render(request, "tenancy/api_token_created.html", {"token": token, "key": key})
    return render(
        request,
        "tenancy/api_token_list.html",
        {"tokens": selectors.api_token_list(user=request.user), "form": form},  # type: ignore[arg-type]
    )


@require_perm(Perm.API_TOKENS)
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, token_id=pk)  # type: ignore[arg-type]
    services.api_token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("tenancy:api_token_list")
