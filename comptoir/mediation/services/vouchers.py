"""Pass Numérique: booklets from funders, vouchers accepted once, monthly reconciliation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import Conflict, ServiceError
from comptoir.mediation.models import Accompaniment, Registration, Voucher, VoucherBooklet, VoucherClaim
from comptoir.mediation.services._common import clean_text

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place


def acceptance_deadline(validity_year: int) -> dt.date:
    """Valid until 31/12 of its year, accepted until 31/01 of the next year."""
    return dt.date(validity_year + 1, 1, 31)


def date_refusal(*, validity_year: int, received_on: dt.date) -> ServiceError | None:
    """Why a voucher of ``validity_year`` cannot be accepted on ``received_on``, or None when it can."""
    if received_on > acceptance_deadline(validity_year):
        return ServiceError(
            _(
                "This voucher has expired: valid until 31/12/%(year)s, accepted until 31/01/%(next)s. "
                "It cannot be accepted."
            )
            % {"year": validity_year, "next": validity_year + 1},
            code="expired",
            field="validity_year",
        )
    if received_on.year < validity_year:
        return ServiceError(
            _("This voucher is for %(year)s: it cannot be used yet.") % {"year": validity_year},
            code="not_yet_valid",
            field="validity_year",
        )
    return None


def booklet_create(
    *,
    place: Place,
    actor: User | None,
    funder: str,
    validity_year: int,
    count: int,
    face_value: Decimal | str = Decimal("10.00"),
    operator: str = "APTIC",
    received_on: dt.date | None = None,
) -> VoucherBooklet:
    funder = clean_text(funder, max_length=150)
    if not funder:
        raise ServiceError(_("Name the funder."), field="funder")
    try:
        face_value = Decimal(str(face_value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Give the face value in euros, e.g. 10."), field="face_value")
    if face_value <= 0 or face_value > 1000:
        raise ServiceError(_("Give the face value in euros, e.g. 10."), field="face_value")
    try:
        count, validity_year = int(count), int(validity_year)
    except (TypeError, ValueError):
        raise ServiceError(_("Give whole numbers for the count and the year."))
    if not 1 <= count <= 100000:
        raise ServiceError(_("Give the number of vouchers."), field="count")
    if not 2015 <= validity_year <= 2100:
        raise ServiceError(_("Give the year printed on the vouchers."), field="validity_year")
    with transaction.atomic(durable=True):
        booklet = VoucherBooklet.objects.create(
            place=place, funder=funder, operator=clean_text(operator, max_length=150), face_value=face_value,
            count=count, validity_year=validity_year, received_on=received_on,
        )  # fmt: skip
        audit_record(place=place, actor=actor, action="mediation.booklet.created", obj=booklet)
    return booklet


def voucher_record(
    *,
    place: Place,
    actor: User | None,
    code: str,
    funder: str,
    validity_year: int,
    received_on: dt.date | None = None,
    accompaniment: Accompaniment | None = None,
    registration: Registration | None = None,
) -> Voucher:
    """Accept a voucher handed in, or refuse it with a clear message and record nothing."""
    code = clean_text(code, max_length=120).replace(" ", "").upper()[:60]
    if not code:
        raise ServiceError(_("Type the code printed on the voucher."), field="code")
    funder = clean_text(funder, max_length=150)
    try:
        validity_year = int(validity_year)
    except (TypeError, ValueError):
        raise ServiceError(_("Give the year printed on the voucher."), field="validity_year")
    received_on = received_on or timezone.localdate(timezone=place.tz)
    for linked in (accompaniment, registration):
        if linked is not None and linked.place_id != place.pk:
            raise ServiceError(_("This activity is not in this place."))
    with transaction.atomic(durable=True):
        booklets = list(
            VoucherBooklet.objects.select_for_update().filter(place=place, funder__iexact=funder).order_by("pk")
        )
        if not funder or not booklets:
            raise ServiceError(
                _("Unknown funder “%(funder)s”: record the funder's booklet first, or check the name.")
                % {"funder": funder},
                code="unknown_funder",
                field="funder",
            )
        refusal = date_refusal(validity_year=validity_year, received_on=received_on)
        if refusal is not None:
            raise refusal
        booklets = [b for b in booklets if b.validity_year == validity_year]
        if not booklets:
            raise ServiceError(
                _("No booklet of %(funder)s for %(year)s is recorded: check the year printed on the voucher.")
                % {"funder": funder, "year": validity_year},
                code="unknown_booklet",
                field="validity_year",
            )
        existing = Voucher.objects.filter(place=place, code=code).first()
        if existing is not None:
            raise Conflict(
                _("This voucher was already accepted on %(date)s: a voucher is accepted only once.")
                % {"date": formats.date_format(existing.received_on, "SHORT_DATE_FORMAT")},
                code="already_used",
                field="code",
            )
        used = dict(
            Voucher.objects.filter(booklet__in=booklets)
            .values("booklet")
            .annotate(n=Count("pk"))
            .values_list("booklet", "n")
        )
        booklet = next((b for b in booklets if used.get(b.pk, 0) < b.count), None)
        if booklet is None:
            raise ServiceError(
                _("Every voucher of the %(funder)s booklets for %(year)s is already recorded.")
                % {"funder": funder, "year": validity_year},
                code="booklet_exhausted",
                field="code",
            )
        try:
            with transaction.atomic():
                voucher = Voucher.objects.create(
                    place=place, booklet=booklet, code=code, received_on=received_on, accompaniment=accompaniment,
                    registration=registration, recorded_by=actor,
                )  # fmt: skip
        except IntegrityError:
            raise Conflict(_("This voucher was already accepted: a voucher is accepted only once."), field="code")
        if registration is not None:  # a seat paid with a voucher is not charged: withdraw its billing charge
            from comptoir.mediation.services.registration_charges import registration_charge_sync
            from comptoir.mediation.services.workshops import _lock_session

            _lock_session(registration.session_id)  # same lock as registrations and promotions
            registration = Registration.objects.get(pk=registration.pk)
            registration_charge_sync.in_transaction(registration=registration, actor=actor)
        audit_record(place=place, actor=actor, action="mediation.voucher.accepted", obj=voucher)
    return voucher


def _month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def voucher_claims_prepare(*, place: Place, actor: User | None, month: dt.date) -> list[VoucherClaim]:
    """Group the month's unclaimed vouchers per funder and operator into claims (idempotent)."""
    start, end = _month_bounds(month)
    with transaction.atomic(durable=True):
        pending = Voucher.objects.select_for_update().filter(
            place=place, received_on__gte=start, received_on__lt=end, claim__isnull=True
        )
        groups: dict[tuple[str, str], list[Voucher]] = {}
        for voucher in pending.select_related("booklet"):
            groups.setdefault((voucher.booklet.funder, voucher.booklet.operator), []).append(voucher)
        claims = []
        for (funder, operator), vouchers in sorted(groups.items()):
            claim, _created = VoucherClaim.objects.select_for_update().get_or_create(
                place=place, month=start, funder=funder, operator=operator,
                defaults={"count": 0, "amount": Decimal("0.00")},
            )  # fmt: skip
            if claim.status != VoucherClaim.Status.TO_CLAIM:
                continue  # already sent: late vouchers wait for the next month's claim of this funder
            Voucher.objects.filter(pk__in=[v.pk for v in vouchers]).update(claim=claim)
            totals = claim.vouchers.aggregate(count=Count("pk"), amount=Sum("booklet__face_value"))
            claim.count = totals["count"] or 0
            claim.amount = totals["amount"] or Decimal("0.00")
            claim.save(update_fields=["count", "amount"])
            claims.append(claim)
        audit_record(
            place=place, actor=actor, action="mediation.claims.prepared",
            after={"month": start, "claims": [c.pk for c in claims]},
        )  # fmt: skip
    return claims


def voucher_claim_mark(
    *, claim: VoucherClaim, actor: User | None, status: str, entity: LegalEntity | None = None
) -> VoucherClaim:
    """Move a claim to "claimed", then to "paid". Paid: the money received is recorded as revenue.

    The revenue is a bank entry of billing (debit 512, credit 706 of ``entity``'s chart, default the
    place's primary legal entity; VAT only when that entity is VAT-registered), written in the same
    transaction; its reference is kept in ``revenue_ref`` (empty when the place has no legal entity,
    i.e. keeps no accounts in Comptoir). Marking a paid claim paid again changes and
    records nothing. A closed accounting period refuses it and the claim stays "claimed".
    """
    order: list[str] = [VoucherClaim.Status.TO_CLAIM, VoucherClaim.Status.CLAIMED, VoucherClaim.Status.PAID]
    if status not in (VoucherClaim.Status.CLAIMED, VoucherClaim.Status.PAID):
        raise ServiceError(_("Unknown status."), field="status")
    with transaction.atomic(durable=True):
        claim = VoucherClaim.objects.select_for_update().select_related("place").get(pk=claim.pk)
        if status == VoucherClaim.Status.PAID and claim.status == VoucherClaim.Status.PAID:
            return claim  # already paid: the revenue was recorded once
        if order.index(status) != order.index(claim.status) + 1:
            raise ServiceError(_("A claim goes from “to claim” to “claimed”, then to “paid”."), code="bad_step")
        before = {"status": claim.status}
        claim.status = status
        if status == VoucherClaim.Status.CLAIMED:
            claim.claimed_at = timezone.now()
        else:
            claim.paid_at = timezone.now()
            claim.revenue_ref = _claim_revenue_record(claim=claim, entity=entity, actor=actor)
        claim.save(update_fields=["status", "claimed_at", "paid_at", "revenue_ref"])
        audit_record(
            place=claim.place, actor=actor, action="mediation.claim.marked", obj=claim, before=before,
            after={"status": status, "amount": claim.amount, "revenue_ref": claim.revenue_ref},
        )  # fmt: skip
    return claim


def _claim_revenue_record(*, claim: VoucherClaim, entity: LegalEntity | None, actor: User | None) -> str:
    """Record the claim's amount as revenue in billing (inside the caller's transaction); its reference."""
    from comptoir.billing.services import revenue_record
    from comptoir.places.selectors import legal_entity_primary

    place = claim.place
    if entity is not None and entity.place_id != place.pk:
        raise ServiceError(_("Choose a legal entity of this place."), code="entity", field="entity")
    entity = entity or legal_entity_primary(place=place)
    if entity is None or claim.amount <= 0:
        return ""  # a place without a legal entity keeps no accounts here: nothing to record
    try:
        entry = revenue_record.in_transaction(
            place=place,
            entity=entity,
            amount=claim.amount,
            piece_ref=f"PN{claim.pk}-{claim.month:%Y%m}",
            label=f"Pass Numérique {claim.funder} {claim.operator} {claim.month:%m/%Y} ({claim.count})",
            actor=actor,
            role="services",
            vat_rate="20",  # ignored when the entity is under the VAT franchise
        )
    except ServiceError as error:
        if error.code == "closed_period":
            raise ServiceError(
                _("This payment cannot be recorded: %(reason)s The claim stays “claimed”.") % {"reason": error.message},
                code="closed_period",
            )
        raise
    return f"{entry.journal}{entry.number}-{entry.entity_id}"
