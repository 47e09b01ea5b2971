"""What the audit log says of the people app's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, describe_objects, model_fields
from comptoir.core.permissions import Role
from comptoir.people.models import ApiToken, Membership, User
from comptoir.people.services import PROFILE_FIELDS


def vocabulary() -> AuditVocabulary:
    return AuditVocabulary(
        actions={
            "user.registered": gettext_lazy("Account created"),
            "user.profile_updated": gettext_lazy("Profile changed"),
            "membership.requested": gettext_lazy("Membership requested"),
            "membership.added": gettext_lazy("Member added"),
            "membership.approved": gettext_lazy("Membership approved"),
            "membership.refused": gettext_lazy("Membership refused"),
            "membership.roles_changed": gettext_lazy("Roles changed"),
            "membership.preferences_changed": gettext_lazy("Member's preferences changed"),
            "api_token.created": gettext_lazy("API token created"),
            "api_token.revoked": gettext_lazy("API token revoked"),
        },
        objects={
            "people.User": User._meta.verbose_name,
            "people.Membership": Membership._meta.verbose_name,
            "people.ApiToken": gettext_lazy("API token"),
        },
        fields={
            "people.User": model_fields(User, *PROFILE_FIELDS),
            "people.Membership": {
                **model_fields(Membership, "status", "directory_visible", "note"),
                "roles": AuditField(gettext_lazy("roles"), "choice", choices=dict(Role.choices)),
                "reason": AuditField(gettext_lazy("reason")),
            },
        },
    )


def _users(place, ids):
    return {u.pk: str(u) for u in User.objects.filter(pk__in=ids).only("pk", "display_name", "email")}


def _memberships(place, ids):
    found = Membership.objects.filter(place=place, pk__in=ids).select_related("user")
    return {m.pk: _("Membership of %(person)s") % {"person": m.user} for m in found}


def _tokens(place, ids):
    return {t.pk: _("API token “%(name)s”") % {"name": t.name} for t in ApiToken.objects.filter(pk__in=ids)}


def describe(*, place, objects) -> dict:
    return describe_objects(
        objects,
        place=place,
        describers={"people.User": _users, "people.Membership": _memberships, "people.ApiToken": _tokens},
    )
