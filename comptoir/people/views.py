"""Account pages (no place) and a place's people pages."""

import functools

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core import permissions as p
from comptoir.core.access import place_access, place_view
from comptoir.core.pagination import paginate
from comptoir.core.permissions import Role
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.people import selectors, services
from comptoir.people.forms import (
    ApiTokenForm,
    DirectoryPreferenceForm,
    DirectorySearchForm,
    ProfileForm,
    RolesForm,
    SignUpForm,
)
from comptoir.people.landing import landing_url
from comptoir.people.models import Membership

# --- account -----------------------------------------------------------------------------------


def with_account_place(view):
    """The account pages have no place in their address; they keep the menu of the person's place
    (see selectors.account_place) by giving the layout that place's access, as a place page does."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "access", None) is None:
            place = selectors.account_place(user=request.user)
            if place is not None:
                request.access = place_access(user=request.user, place=place)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@with_account_place
def profile(request):
    user = request.user
    initial = {
        "display_name": user.display_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "bio": user.bio,
        "skills": ", ".join(t.name for t in user.skills.all()),
        "interests": ", ".join(t.name for t in user.interests.all()),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.profile_update(user=user, actor=user, **form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            response = redirect("account:profile")
            response.delete_cookie("django_language")  # the preferred language takes over
            return response
    return render(request, "people/profile.html", {"form": form, "memberships": selectors.memberships_of(user=user)})


@login_required
@with_account_place
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            _token, new_secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
    return render(
        request,
        "people/tokens.html",
        {"form": form, "tokens": selectors.api_token_list(user=request.user), "new_secret": new_secret},
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(selectors.api_token_list(user=request.user), pk=token_id)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("account:tokens")


# --- a place's people ----------------------------------------------------------------------------


@place_view(login_required=False)
def join(request):
    """Sign up to the place: creates the account if needed, then asks for membership."""
    place = request.place
    access = request.access
    if access.membership is not None and access.membership.status in (
        Membership.Status.ACTIVE,
        Membership.Status.PENDING,
    ):
        return render(request, "people/join_done.html", {"membership": access.membership})
    if request.user.is_authenticated:
        if request.method == "POST":
            with service_errors_as_messages(request):
                membership = services.membership_request(place=place, user=request.user)
                return render(request, "people/join_done.html", {"membership": membership})
            return redirect("people:join", place_slug=place.slug)
        return render(request, "people/join.html", {"form": None})
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form) as refusal:
            user = services.user_register(
                email=data["email"],
                display_name=data["display_name"],
                password=data["password"],
                preferred_language=data["preferred_language"],
                phone=data["phone"],
            )
        if refusal.error is None:  # the membership is asked outside: its refusal is not the form's
            membership = services.membership_request(place=place, user=user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return render(request, "people/join_done.html", {"membership": membership})
    return render(request, "people/join.html", {"form": form})


@place_view(p.DIRECTORY_VIEW)
def directory(request):
    form = DirectorySearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    skill = request.GET.get("competence", "").strip()[:60]
    page = paginate(request, selectors.directory_search(place=request.place, query=query, skill=skill), 30)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "skill": skill,
        "skills": selectors.directory_skills(place=request.place),
        "preference_form": DirectoryPreferenceForm(
            initial={"directory_visible": getattr(request.access.membership, "directory_visible", False)}
        ),
    }
    template = "people/_directory_results.html" if request.htmx else "people/directory.html"
    return render(request, template, context)


@place_view(p.DIRECTORY_VIEW)
@require_POST
def directory_preference(request):
    membership = request.access.membership
    if membership is None:
        raise Http404
    form = DirectoryPreferenceForm(request.POST)
    form.is_valid()
    services.membership_preferences_update(
        membership=membership, actor=request.user, directory_visible=form.cleaned_data.get("directory_visible", False)
    )
    messages.success(request, _("Your choice is saved."))
    return redirect("people:directory", place_slug=request.place.slug)


def _table_rows(memberships: list[Membership]) -> list[Membership]:
    """Give each membership the status and roles the members table shows (``status_label``, ``roles_text``),
    with the labels translated once per page: ``get_status_display`` and ``role_labels`` rebuild their
    choices on every call, which cost more than the rest of a row (bench/pages.py)."""
    statuses = {value: str(label) for value, label in Membership.Status.choices}
    roles = {value: str(label) for value, label in Role.choices}
    for membership in memberships:
        membership.status_label = statuses.get(membership.status, membership.status)
        membership.roles_text = ", ".join(roles.get(code, code) for code in membership.role_codes) or "—"
    return memberships


@place_view(p.MEMBERS_VIEW)
def members(request):
    status = request.GET.get("statut", "")
    if status not in Membership.Status.values:
        status = ""
    search = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.membership_list(place=request.place, status=status, search=search))
    page.object_list = _table_rows(list(page.object_list))
    context = {"page": page, "status": status, "search": search, "statuses": Membership.Status.choices}
    template = "people/_members_table.html" if request.htmx else "people/members.html"
    return render(request, template, context)


@place_view(p.MEMBERS_VIEW)
def member_detail(request, membership_id: int):
    membership = or_404(selectors.membership_get(place=request.place, membership_id=membership_id))
    form = RolesForm(request.POST or None, initial={"roles": membership.role_codes})
    if request.method == "POST":
        request.access.require(p.MEMBERS_MANAGE_ROLES)
        if form.is_valid():
            with service_errors_on(form):
                services.membership_roles_set(
                    membership=membership, roles=form.cleaned_data["roles"], actor=request.user
                )
                messages.success(request, _("Roles saved."))
                return redirect("people:member_detail", place_slug=request.place.slug, membership_id=membership.pk)
    return render(request, "people/member_detail.html", {"membership": membership, "form": form})


@place_view(p.MEMBERS_APPROVE)
@require_POST
def member_decide(request, membership_id: int, decision: str):
    membership = or_404(selectors.membership_get(place=request.place, membership_id=membership_id))
    with service_errors_as_messages(request):
        if decision == "approve":
            membership = services.membership_approve(membership=membership, actor=request.user)
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user})
        else:
            membership = services.membership_refuse(
                membership=membership, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.info(request, _("The request of %(name)s is refused.") % {"name": membership.user})
    membership = selectors.membership_get(place=request.place, membership_id=membership.pk)
    if request.htmx:
        rows = _table_rows([membership])
        return render(request, "people/_membership_rows.html", {"memberships": rows, "access": request.access})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("people:members", kwargs={"place_slug": request.place.slug})
    return redirect(next_url)


class LoginView(auth_views.LoginView):
    """Django's login; without ``next``, each person lands where they work (see ``people.landing``)."""

    template_name = "people/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(user=self.request.user)
