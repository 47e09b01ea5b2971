"""Where a person lands after logging in (when ``next`` does not say): where they work.

A host or a place admin opens "Aujourd'hui" (the staff home), a mediator the mediation desk, any other
staff member the staff home, a member "Mon espace". The place is the instance's only place, else the
person's only active membership; someone of several places goes to the home page, which lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse

from comptoir.core.access import place_access
from comptoir.core.permissions import Role
from comptoir.people.selectors import memberships_of
from comptoir.places.selectors import place_single

if TYPE_CHECKING:
    from comptoir.people.models import User

#: Roles whose work starts on the staff home even when they hold other roles (a host who also mediates).
DESK_ROLES = {Role.HOST, Role.ADMIN}
#: The mediation desk, named by string: mediation is an optional app above people.
MEDIATION_DESK = "mediation:home"


def landing_url(*, user: User) -> str:
    place = place_single()
    if place is None:
        active = [membership for membership in memberships_of(user=user) if membership.is_active]
        if len(active) != 1:
            return reverse("home")
        place = active[0].place
    access = place_access(user=user, place=place)
    slug = {"place_slug": place.slug}
    roles = set(access.member_roles or ())
    if Role.MEDIATOR in roles and not roles & DESK_ROLES:
        try:
            return reverse(MEDIATION_DESK, kwargs=slug)
        except NoReverseMatch:  # the instance runs without mediation
            pass
    if access.is_staff:
        return reverse("places:staff_home", kwargs=slug)
    if access.is_member:
        return reverse("places:member_home", kwargs=slug)
    return reverse("places:public", kwargs=slug)
