"""Paid workshops: the billing charge of a registration (a seat charged to an active member's account).

Called inside the registration services' transactions (create, cancel, promotion, session move or
cancellation, voucher recorded for the seat); see :func:`registration_charge_sync`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from comptoir.audit.services import audit_record
from comptoir.billing import selectors as billing_selectors
from comptoir.billing import services as billing
from comptoir.core.transactions import service
from comptoir.mediation.models import Registration, Workshop, WorkshopSession
from comptoir.places.selectors import legal_entity_primary

if TYPE_CHECKING:
    from comptoir.billing.services import LineIn
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place

REGISTRATION_SOURCE = "mediation.registration"


def _member_account(*, place: Place, account: User | None, actor: User | None, email: str) -> User | None:
    """The account to charge: ``account``, else the signed-in actor registering with their own e-mail;
    only when it is an active member of the place (never an account found by an e-mail typed by
    someone else)."""
    from comptoir.people.models import Membership

    if account is None and getattr(actor, "is_authenticated", False) and email:
        if (actor.email or "").lower() == email.lower():  # type: ignore[union-attr]  # authenticated: a User
            account = actor
    if account is None or not getattr(account, "pk", None):
        return None
    active = Membership.objects.filter(place=place, user=account, status=Membership.Status.ACTIVE).exists()
    return account if active else None


def _registered_account(registration: Registration) -> User | None:
    """The member account recorded at registration, while it is still an active member of the place."""
    from comptoir.people.models import Membership

    if registration.account_id is None:
        return None
    active = Membership.objects.filter(
        place=registration.place_id, user_id=registration.account_id, status=Membership.Status.ACTIVE
    ).exists()
    return registration.account if active else None


def _price_line(*, session: WorkshopSession, entity: LegalEntity) -> LineIn:
    """The charge line of one seat: the workshop's price is incl. VAT at the workshop's rate (exempt when
    the entity is under the VAT franchise)."""
    workshop = session.workshop
    day = timezone.localtime(session.starts_at, session.place.tz).date()
    rate = "exempt" if entity.vat_exempt else (workshop.vat_rate or "20")
    # Priced incl. VAT: billing keeps the price, so several seats on one invoice cost the sum of the prices.
    return billing.line_incl_vat(
        description=f"Atelier « {workshop.title} » du {day:%d/%m/%Y}",
        price_incl_vat=workshop.price,  # type: ignore[arg-type]  # a paid workshop has a price
        vat_rate=rate,
        service_date=day,
    )


@service
def registration_charge_sync(
    *, registration: Registration, actor: User | None = None, account: User | None = None
) -> billing.SyncResult | None:
    """Make billing's charge of one registration match its state (``.in_transaction``: inside the
    registration service's transaction, which is how the registration services call it).

    Charged (source ``mediation.registration`` / its id, one line): a confirmed seat of a paid workshop
    for an active member's account (``account``, else the one recorded at registration), not paid with
    a Pass Numérique voucher, when the place has a primary legal entity. Otherwise the uninvoiced charge
    is withdrawn; an invoiced one is never changed (billing lists it in ``invoiced_differs``: staff
    issue a credit note). Returns billing's ``SyncResult``, or None when there was nothing to do.
    """
    session = registration.session
    workshop = session.workshop
    place = session.place
    existing = billing_selectors.source_charge(place=place, source_type=REGISTRATION_SOURCE, source_id=registration.pk)
    wanted = (
        workshop.price_kind == Workshop.Price.PAID
        and workshop.price
        and workshop.price > 0
        and registration.status == Registration.Status.CONFIRMED
        and session.status == WorkshopSession.Status.SCHEDULED
        and not registration.vouchers.exists()
    )
    user = None
    entity = None
    if wanted:
        user = account or (existing.user if existing is not None else None) or _registered_account(registration)
        entity = legal_entity_primary(place=place)
    if wanted and user is not None and entity is not None:
        lines = [_price_line(session=session, entity=entity)]
    elif existing is not None:
        user, lines = existing.user, []
    else:
        return None
    return billing.charge_sync_for_source.in_transaction(
        place=place, user=user, source_type=REGISTRATION_SOURCE, source_id=registration.pk, lines=lines,
        entity=entity, actor=actor,
    )  # fmt: skip


@service
def workshop_seats_reprice(*, workshop: Workshop, actor: User | None, before: tuple) -> None:
    """After a price change: re-sync the charge of every seat of the workshop that has one
    (``.in_transaction``: inside the workshop update's transaction). Uninvoiced charges take the new
    price (or are withdrawn when the workshop is no longer paid); billing never changes an invoiced one.
    One audit entry lists both."""
    registrations = list(
        Registration.objects.filter(session__workshop=workshop)
        .select_related("session__workshop", "session__place", "account")
        .order_by("pk")
    )
    charged = billing_selectors.sources_charged(
        place=workshop.place, source_type=REGISTRATION_SOURCE, source_ids=[r.pk for r in registrations]
    )
    updated, invoiced = [], []
    for registration in registrations:
        if str(registration.pk) not in charged:
            continue  # only seats already charged are re-priced (a seat taken free is not charged afterwards)
        registration.session.workshop = workshop  # the new price
        result = registration_charge_sync.in_transaction(registration=registration, actor=actor)
        if result is None:
            continue
        if result.created or result.updated or result.deleted:
            updated.append(registration.pk)
        if result.invoiced_differs:
            invoiced.append(registration.pk)
    audit_record(
        place=workshop.place, actor=actor, action="mediation.workshop.repriced", obj=workshop,
        before={"price_kind": before[0], "price": before[1], "vat_rate": before[2]},
        after={"price_kind": workshop.price_kind, "price": workshop.price, "vat_rate": workshop.vat_rate,
               "seats_repriced": updated, "seats_invoiced_unchanged": invoiced},
    )  # fmt: skip
