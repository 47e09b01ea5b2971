import datetime as dt

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from comptoir.core import permissions as p
from comptoir.core.api_auth import AUTH, access_for
from comptoir.core.viewhelpers import or_404
from comptoir.people import selectors
from comptoir.people.models import Membership

router = Router(tags=["people"], auth=AUTH)


class MembershipOut(Schema):
    place: str = Field(..., alias="place.slug")
    place_name: str = Field(..., alias="place.name")
    status: str
    roles: list[str] = Field(..., alias="role_codes")
    directory_visible: bool


class MeOut(Schema):
    email: str
    display_name: str
    preferred_language: str
    phone: str
    bio: str
    skills: list[str]
    interests: list[str]
    memberships: list[MembershipOut]


class MemberOut(Schema):
    # Two ids, each named for what it is: writes about a person (an invoice, a payment, a balance, a
    # mediator) take the ``user_id``; the membership (this person's link to this place) has its own.
    membership_id: int = Field(..., alias="pk")
    user_id: int
    display_name: str = Field(..., alias="user.display_name")
    email: str = Field(..., alias="user.email")
    status: str
    roles: list[str] = Field(..., alias="role_codes")
    requested_at: dt.datetime
    approved_at: dt.datetime | None


@router.get("/me", response=MeOut, summary="My profile and memberships")
def me(request):
    user = request.auth
    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "phone": user.phone,
        "bio": user.bio,
        "skills": [t.name for t in user.skills.all()],
        "interests": [t.name for t in user.interests.all()],
        "memberships": selectors.memberships_of(user=user),
    }


@router.get("/places/{slug}/members", response=list[MemberOut], summary="Members of a place (staff)")
@paginate(PageNumberPagination, page_size=50)
def member_list(request, slug: str, status: Membership.Status | None = None, q: str = ""):
    access = access_for(request, slug, p.MEMBERS_VIEW)
    return selectors.membership_list(place=access.place, status=status or "", search=q[:100])


@router.get("/places/{slug}/members/{user_id}", response=MemberOut, summary="One member of a place, by user id (staff)")
def member_detail(request, slug: str, user_id: int):
    access = access_for(request, slug, p.MEMBERS_VIEW)
    return or_404(selectors.membership_list(place=access.place).filter(user_id=user_id).first())
