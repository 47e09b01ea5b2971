import datetime as dt

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from comptoir.api.auth import AUTH, access_for
from comptoir.core import permissions as p
from comptoir.people import selectors
from comptoir.people.models import Membership

router = Router(tags=["people"], auth=AUTH)


class MembershipOut(Schema):
    place: str
    place_name: str
    status: str
    roles: list[str]
    directory_visible: bool

    @staticmethod
    def resolve_place(obj):
        return obj.place.slug

    @staticmethod
    def resolve_place_name(obj):
        return obj.place.name

    @staticmethod
    def resolve_roles(obj):
        return obj.role_codes


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
    id: int
    display_name: str
    email: str
    status: str
    roles: list[str]
    requested_at: dt.datetime
    approved_at: dt.datetime | None

    @staticmethod
    def resolve_display_name(obj):
        return obj.user.display_name

    @staticmethod
    def resolve_email(obj):
        return obj.user.email

    @staticmethod
    def resolve_roles(obj):
        return obj.role_codes


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
