"""Every write about people goes through here: one durable transaction and an audit entry each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.notifications import notify_on_commit
from comptoir.core.permissions import Role
from comptoir.people import tokens
from comptoir.people.models import ApiToken, Membership, MembershipRole, Tag, User
from comptoir.people.selectors import api_token_by_prefix

if TYPE_CHECKING:
    from comptoir.places.models import Place

PROFILE_FIELDS = ("display_name", "phone", "bio", "preferred_language")


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(_("Enter a valid e-mail address."), field="email")
    return email


def _user_create(*, email: str, display_name: str, password: str | None, preferred_language: str, phone: str) -> User:
    email = _clean_email(email)
    display_name = (display_name or "").strip()
    if not display_name:
        raise ServiceError(_("Tell us your name."), field="display_name")
    if preferred_language not in User.Language.values:
        raise ServiceError(_("Unknown language."), field="preferred_language")
    user = User(email=email, display_name=display_name, preferred_language=preferred_language, phone=phone.strip())
    if password is not None:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages), field="password")
        user.set_password(password)
    else:
        user.set_unusable_password()
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(_("An account already exists with this e-mail address. Log in instead."), field="email")
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Conflict(_("An account already exists with this e-mail address. Log in instead."), field="email")
    return user


def user_register(
    *, email: str, display_name: str, password: str | None, preferred_language: str = "fr", phone: str = ""
) -> User:
    with transaction.atomic(durable=True):
        user = _user_create(
            email=email,
            display_name=display_name,
            password=password,
            preferred_language=preferred_language,
            phone=phone,
        )
        audit_record(place=None, actor=user, action="user.registered", obj=user, after=snapshot(user, PROFILE_FIELDS))
    return user


def _tags(names: Iterable[str]) -> list[Tag]:
    result: list[Tag] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(raw.split())[:60]
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        result.append(tag)
    return result


def profile_update(
    *,
    user: User,
    actor: User | None,
    display_name: str,
    phone: str = "",
    bio: str = "",
    preferred_language: str = "fr",
    skills: Iterable[str] = (),
    interests: Iterable[str] = (),
) -> User:
    if not display_name.strip():
        raise ServiceError(_("Tell us your name."), field="display_name")
    if preferred_language not in User.Language.values:
        raise ServiceError(_("Unknown language."), field="preferred_language")
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=user.pk)
        before = {**snapshot(user, PROFILE_FIELDS), "skills": sorted(t.name for t in user.skills.all())}
        user.display_name = display_name.strip()
        user.phone = phone.strip()
        user.bio = bio.strip()
        user.preferred_language = preferred_language
        user.save(update_fields=[*PROFILE_FIELDS])
        user.skills.set(_tags(skills))
        user.interests.set(_tags(interests))
        after = {**snapshot(user, PROFILE_FIELDS), "skills": sorted(t.name for t in user.skills.all())}
        audit_record(place=None, actor=actor, action="user.profile_updated", obj=user, before=before, after=after)
    return user


def _membership_create(*, place: Place, user: User, status: str, roles: Iterable[str] = ()) -> Membership:
    now = timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                place=place,
                user=user,
                status=status,
                approved_at=now if status == Membership.Status.ACTIVE else None,
            )
    except IntegrityError:
        raise Conflict(_("You already asked to join this place."))
    for role in roles:
        MembershipRole.objects.create(place=place, membership=membership, role=role)
    return membership


def membership_request(*, place: Place, user: User) -> Membership:
    """Someone asks to join a place: pending until a host approves, unless the place approves automatically."""
    with transaction.atomic(durable=True):
        existing = Membership.objects.filter(place=place, user=user).first()
        if existing and existing.status in (Membership.Status.ACTIVE, Membership.Status.PENDING):
            raise Conflict(_("You already asked to join this place."))
        status = Membership.Status.ACTIVE if place.auto_approve_members else Membership.Status.PENDING
        if existing:
            existing.status = status
            existing.requested_at = timezone.now()
            existing.approved_at = timezone.now() if status == Membership.Status.ACTIVE else None
            existing.save(update_fields=["status", "requested_at", "approved_at"])
            membership = existing
        else:
            membership = _membership_create(place=place, user=user, status=status)
        audit_record(place=place, actor=user, action="membership.requested", obj=membership, after={"status": status})
        notify_on_commit(
            to=user.email,
            template="people/email/membership_requested",
            context={"place": place, "user": user, "membership": membership},
            language=user.preferred_language,
        )
    return membership


def membership_add(*, place: Place, user: User, actor: User | None, roles: Iterable[str] = ()) -> Membership:
    """Staff (or set-up) adds an already approved member, with roles."""
    roles = list(roles)
    _check_roles(roles)
    with transaction.atomic(durable=True):
        membership = _membership_create(place=place, user=user, status=Membership.Status.ACTIVE, roles=roles)
        audit_record(
            place=place,
            actor=actor,
            action="membership.added",
            obj=membership,
            after={"status": "active", "roles": roles},
        )
    return membership


def _lock(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("user", "place").get(pk=membership.pk)


def membership_approve(*, membership: Membership, actor: User | None) -> Membership:
    with transaction.atomic(durable=True):
        membership = _lock(membership)
        if membership.status == Membership.Status.ACTIVE:
            raise ServiceError(_("This person is already a member."), code="already_active")
        before = {"status": membership.status}
        membership.status = Membership.Status.ACTIVE
        membership.approved_at = timezone.now()
        membership.save(update_fields=["status", "approved_at"])
        audit_record(
            place=membership.place, actor=actor, action="membership.approved", obj=membership,
            before=before, after={"status": membership.status},
        )  # fmt: skip
        notify_on_commit(
            to=membership.user.email,
            template="people/email/membership_approved",
            context={"place": membership.place, "user": membership.user},
            language=membership.user.preferred_language,
        )
    return membership


def membership_refuse(*, membership: Membership, actor: User | None, reason: str = "") -> Membership:
    with transaction.atomic(durable=True):
        membership = _lock(membership)
        if membership.status != Membership.Status.PENDING:
            raise ServiceError(_("Only a pending request can be refused."), code="not_pending")
        membership.status = Membership.Status.REFUSED
        membership.note = reason[:300]
        membership.save(update_fields=["status", "note"])
        audit_record(
            place=membership.place, actor=actor, action="membership.refused", obj=membership,
            before={"status": "pending"}, after={"status": "refused", "reason": reason},
        )  # fmt: skip
    return membership


def _check_roles(roles: Iterable[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ServiceError(_("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))}, field="roles")


def membership_roles_set(*, membership: Membership, roles: Iterable[str], actor: User | None) -> Membership:
    roles = sorted(set(roles))
    _check_roles(roles)
    with transaction.atomic(durable=True):
        membership = _lock(membership)
        if not membership.is_active:
            raise ServiceError(_("Roles can only be given to an active member."), code="not_active")
        before = sorted(membership.role_rows.values_list("role", flat=True))
        if Role.ADMIN in before and Role.ADMIN not in roles:
            others = MembershipRole.objects.filter(place=membership.place, role=Role.ADMIN).exclude(
                membership=membership
            )
            if not others.exists():
                raise ServiceError(_("A place keeps at least one admin."), code="last_admin")
        membership.role_rows.exclude(role__in=roles).delete()
        for role in set(roles) - set(before):
            MembershipRole.objects.create(place=membership.place, membership=membership, role=role)
        audit_record(
            place=membership.place, actor=actor, action="membership.roles_changed", obj=membership,
            before={"roles": before}, after={"roles": roles},
        )  # fmt: skip
    return membership


def membership_preferences_update(*, membership: Membership, actor: User | None, directory_visible: bool) -> Membership:
    with transaction.atomic(durable=True):
        membership = _lock(membership)
        before = snapshot(membership, ["directory_visible"])
        membership.directory_visible = directory_visible
        membership.save(update_fields=["directory_visible"])
        audit_record(
            place=membership.place, actor=actor, action="membership.preferences_changed", obj=membership,
            before=before, after=snapshot(membership, ["directory_visible"]),
        )  # fmt: skip
    return membership


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the clear secret is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the token a name, to recognise it later."), field="name")
    secret, prefix, key_hash = tokens.new_token()
    with transaction.atomic(durable=True):
        token = ApiToken.objects.create(user=user, name=name[:80], prefix=prefix, key_hash=key_hash)
        audit_record(place=None, actor=user, action="api_token.created", obj=token)
    return token, secret


def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    with transaction.atomic(durable=True):
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(place=None, actor=actor, action="api_token.revoked", obj=token)
    return token


def api_token_authenticate(*, secret: str) -> User | None:
    prefix = tokens.split_prefix(secret or "")
    if not prefix:
        return None
    token = api_token_by_prefix(prefix=prefix)
    if token is None or not tokens.hashes_match(secret, token.key_hash) or not token.user.is_active:
        return None
    now = timezone.now()
    # Written at most once a minute, so that reads through the API do not all become writes.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
