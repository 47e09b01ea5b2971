"""Coworking pages: my plan and self check-in (phone), the door QR code, the host's desk, the kiosk."""

from __future__ import annotations

import datetime as dt
import io

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import member_required, or_404, service_errors_as_messages, service_errors_on
from comptoir.coworking import permissions as cp
from comptoir.coworking import selectors, services
from comptoir.coworking.forms import EndForm, PlanForm, SellForm
from comptoir.coworking.models import CheckIn


def door_token(place) -> str:
    """The secret in the door's QR code (stable per place; changes with SECRET_KEY)."""
    return salted_hmac("comptoir.coworking.door", place.slug).hexdigest()[:24]


def _member_context(request):
    place = request.place
    statuses = selectors.plan_status(place=place, person=request.user)
    used = selectors.meeting_minutes_used(place=place, person=request.user, on=selectors.today(place))
    meeting_total = sum(s.meeting_minutes for s in statuses)
    presence = selectors.presence_for(place=place, person=request.user)
    return {
        "statuses": statuses,
        "meeting_left_hours": max(0, meeting_total - used) / 60 if meeting_total else None,
        "checkin": selectors.checkin_today(place=place, person=request.user),
        "visible": bool(presence and presence.visible),
        "present": _present(place),
    }


def _present(place):
    present = list(selectors.present_now(place=place))
    visible = selectors.visible_ids(place=place)
    return {
        "count": len(present),
        "seats": selectors.seats(place=place),
        "names": [c.person.display_name for c in present if c.person_id in visible],
    }


@place_view()
@member_required
def home(request):
    return render(request, "coworking/home.html", _member_context(request))


@place_view()
@require_POST
@member_required
def self_check(request):
    place = request.place
    with service_errors_as_messages(request):
        if request.POST.get("action") == "out":
            services.check_out(place=place, person=request.user, actor=request.user)
            messages.success(request, _("See you soon!"))
        else:
            method = CheckIn.Method.QR if request.POST.get("via") == "qr" else CheckIn.Method.SELF
            checkin = services.check_in(place=place, person=request.user, actor=request.user, method=method)
            messages.success(request, _checkin_message(checkin))
    return redirect("coworking:home", place_slug=place.slug)


@place_view()
@member_required
def door(request, token: str):
    """Where the door's QR code leads: a one-tap check-in page (after logging in if needed)."""
    if not constant_time_compare(token, door_token(request.place)):
        raise Http404
    return render(request, "coworking/door.html", _member_context(request))


@place_view()
@require_POST
@member_required
def presence(request):
    services.presence_set(place=request.place, person=request.user, visible=request.POST.get("visible") == "1")
    messages.success(request, _("Your choice is saved."))
    return redirect("coworking:home", place_slug=request.place.slug)


@place_view()
@require_POST
@member_required
def renewal_stop(request, subscription_id: int):
    """The member stops their plan's renewal: it stays valid until its end date."""
    subscription = selectors.subscription_get(place=request.place, subscription_id=subscription_id)
    if subscription is None or subscription.person_id != request.user.pk:
        raise Http404
    with service_errors_as_messages(request):
        services.subscription_renewal_stop(subscription=subscription, actor=request.user)
        messages.success(
            request,
            _("Your plan will not renew: it stays valid until %(date)s.")
            % {"date": date_format(subscription.ends_on, "j F Y")},
        )
    return redirect("coworking:home", place_slug=request.place.slug)


def _checkin_message(checkin: CheckIn) -> str:
    if checkin.day_pass:
        message = _("Checked in: a day pass is sold.")
    elif checkin.subscription is not None:
        message = _("Checked in with “%(plan)s”.") % {"plan": checkin.subscription.plan.name}
    else:
        message = _("Checked in.")
    if checkin.over_use:
        message += " " + _("No plan covers this day: the hosts are told.")
    return message


# --- staff ----------------------------------------------------------------------------------------


def _day_log_rows(place, day: dt.date) -> list[dict]:
    """The day's check-ins as the desk shows them, cells made here once (the page lists everyone present:
    a template condition, filter or translation per cell cost more than the read, bench/pages.py)."""
    tz = place.tz
    still_here, day_pass, nothing = _("still here"), _("Day pass sold"), _("nothing")
    rows = []
    for row in selectors.day_log(place=place, day=day):
        left = row["checked_out_at"]
        rows.append(
            {
                "member": row["member"],
                "arrived": row["checked_in_at"].astimezone(tz).strftime("%H:%M"),
                "left": left.astimezone(tz).strftime("%H:%M") if left else still_here,
                "covered": row["plan"] if row["plan"] is not None else day_pass if row["day_pass"] else nothing,
                "over_use": row["over_use"],
            }
        )
    return rows


@place_view(cp.CHECKIN)
def desk(request):
    """The host's desk: search a member as you type, one click in or out, who is here, the day's log."""
    place = request.place
    query = request.GET.get("q", "")
    context = {"query": query, "results": selectors.member_search(place=place, query=query)}
    if request.htmx and request.GET.get("partial") == "results":
        return render(request, "coworking/_desk_results.html", context)
    try:
        day = dt.date.fromisoformat(request.GET.get("jour", ""))
    except ValueError:
        day = selectors.today(place)
    context.update(
        {
            "present": _present(place),
            "log": _day_log_rows(place, day),
            "day": day,
            "door_url": request.build_absolute_uri(
                reverse("coworking:door", kwargs={"place_slug": place.slug, "token": door_token(place)})
            ),
        }
    )
    return render(request, "coworking/desk.html", context)


@place_view(cp.CHECKIN)
@require_POST
def desk_check(request):
    from comptoir.people.selectors import membership_get

    place = request.place
    try:
        membership = membership_get(place=place, membership_id=int(request.POST.get("membership", "0")))
    except ValueError:
        membership = None
    if membership is None:
        raise Http404
    method = CheckIn.Method.KIOSK if request.POST.get("via") == "kiosk" else CheckIn.Method.DESK
    with service_errors_as_messages(request):
        if request.POST.get("action") == "out":
            services.check_out(place=place, person=membership.user, actor=request.user)
            messages.success(request, _("%(name)s checked out.") % {"name": membership.user.display_name})
        else:
            checkin = services.check_in(place=place, person=membership.user, actor=request.user, method=method)
            messages.success(request, f"{membership.user.display_name}: {_checkin_message(checkin)}")
    target = "coworking:kiosk" if method == CheckIn.Method.KIOSK else "coworking:desk"
    return redirect(target, place_slug=place.slug)


# How often the kiosk asks whether the host's session still opens it (seconds), and how long a check-in's
# confirmation stays on screen before the welcome screen comes back (the next member must not read it).
KIOSK_CHECK_SECONDS = 300
KIOSK_CONFIRMATION_SECONDS = 20


@place_view(login_required=False)
def kiosk(request):
    """A tablet at the entrance (opened by a host's session): big buttons, search by name, no way into the
    staff pages. Left open all day: when the session that opened it ends, it shows a plain "closed" page
    for the members instead of a login form, and its periodic check reloads it. Someone else logged in
    meets the usual answers of a staff page (404 outside the place, 403 without the right)."""
    if request.user.is_authenticated:
        request.access.require(cp.CHECKIN)  # someone else logged in: 404 or 403, as every staff page answers
    elif not request.access.has(cp.CHECKIN):
        if request.htmx:
            # A search or the periodic check after the session ended: reload into the "closed" page.
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        return render(request, "coworking/kiosk_closed.html", {"kiosk": True})
    if request.GET.get("etat"):
        return HttpResponse(status=204)  # still open: the page stays as it is
    if request.GET.get("effacer"):
        return HttpResponse("")  # replaces the check-in's confirmation with nothing
    query = request.GET.get("q", "")
    context = {
        "query": query,
        "results": selectors.member_search(place=request.place, query=query),
        "kiosk": True,
        "check_seconds": KIOSK_CHECK_SECONDS,
        "confirmation_seconds": KIOSK_CONFIRMATION_SECONDS,
    }
    if request.htmx:
        return render(request, "coworking/_desk_results.html", context)
    return render(request, "coworking/kiosk.html", context)


@place_view(cp.CHECKIN)
def door_qr(request):
    """The door's QR code as SVG, to print or show on a screen."""
    url = request.build_absolute_uri(
        reverse("coworking:door", kwargs={"place_slug": request.place.slug, "token": door_token(request.place)})
    )
    buffer = io.BytesIO()
    title = _("Check in at %(place_a)s") % {"place_a": request.place.name_a}
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, title=title, xmldecl=True)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@place_view(cp.PLANS_SELL)
def plans(request):
    """Plans on sale, a form to add one and a form to sell one to a member."""
    from comptoir.people.selectors import membership_list

    place = request.place
    plan_form = PlanForm(request.POST if request.POST.get("form") == "plan" else None)
    sell_form = SellForm(
        request.POST if request.POST.get("form") == "sell" else None,
        place=place,
        initial={"starts_on": selectors.today(place)},
    )
    if request.method == "POST":
        with service_errors_on(plan_form if plan_form.is_bound else sell_form):
            if plan_form.is_bound and plan_form.is_valid():
                services.plan_create(place=place, actor=request.user, **plan_form.cleaned_data)
                messages.success(request, _("The plan is on sale."))
                return redirect("coworking:plans", place_slug=place.slug)
            if sell_form.is_bound and sell_form.is_valid():
                data = sell_form.cleaned_data
                membership = (
                    membership_list(place=place, status="active").filter(user__email__iexact=data["email"]).first()
                )
                if membership is None:
                    raise ServiceError(_("No member of the place has this e-mail address."), field="email")
                services.subscription_start(
                    place=place, person=membership.user, plan=data["plan"], actor=request.user,
                    starts_on=data["starts_on"], renews=data["renews"], desk=data["desk"],
                )  # fmt: skip
                messages.success(request, _("The plan is sold."))
                return redirect("coworking:plans", place_slug=place.slug)
    return render(
        request,
        "coworking/plans.html",
        {
            "plans": selectors.plan_list(place=place, active_only=False),
            "plan_form": plan_form,
            "sell_form": sell_form,
            "subscriptions": selectors.subscriptions_running(place=place),
        },
    )


@place_view(cp.PLANS_SELL)
def subscription_manage(request, subscription_id: int):
    """One member's plan: end it now with a reason (no refund here: billing issues credit notes)."""
    place = request.place
    subscription = or_404(selectors.subscription_get(place=place, subscription_id=subscription_id))
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.subscription_end(subscription=subscription, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The plan is ended."))
            return redirect("coworking:subscription", place_slug=place.slug, subscription_id=subscription.pk)
    return render(request, "coworking/subscription.html", {"subscription": subscription, "form": form})
