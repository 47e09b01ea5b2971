"""Invoices: drafts, drafts from charges, issuing (numbering, freezing, hash chain, journal entry).

Credit notes (:mod:`.credit_notes`) and desk sales (:mod:`.desk`) are built on these. The functions
without a durable transaction of their own (``draft_create``, ``draft_from_charges``,
``charges_pending_locked``, ``invoice_recompute``...) work inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing import conf
from comptoir.billing.chain import invoice_hash
from comptoir.billing.models import BillingProfile, Charge, Invoice, InvoiceLine
from comptoir.billing.services.accounting import post_invoice
from comptoir.billing.services.documents import schedule_pdf_store
from comptoir.billing.services.helpers import LineIn, check_entity, clean_line, today_in
from comptoir.billing.services.preview import InvoicePreview, preview_build, preview_of_invoice, preview_stale
from comptoir.billing.services.sequences import lock_sequence, take_next
from comptoir.billing.services.vat import balance_group, charge_gross
from comptoir.billing.totals import compute_totals, line_net
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.transactions import service

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place

BUYER_FIELDS = (
    "buyer_name", "buyer_is_organisation", "buyer_siren", "buyer_vat_number", "buyer_address", "buyer_street",
    "buyer_postal_code", "buyer_city", "buyer_country", "buyer_email",
)  # fmt: skip


def postal_text(*, street: str, postal_code: str, city: str, country: str) -> str:
    """The address as printed: street lines, "postcode city", and the country when not France."""
    lines = [line.strip() for line in (street or "").splitlines() if line.strip()]
    last = " ".join(part for part in (postal_code, city) if part)
    if last:
        lines.append(last)
    if country and country != "FR":
        lines.append(country)
    return "\n".join(lines)


def buyer_fields(*, place: Place, user: User) -> dict[str, Any]:
    """The buyer as the member's billing details say now (frozen on the invoice when it is issued)."""
    profile = BillingProfile.objects.filter(place=place, user=user).first()
    address = {"buyer_street": "", "buyer_postal_code": "", "buyer_city": "", "buyer_country": "", "buyer_address": ""}
    if profile is not None:
        address = {
            "buyer_street": profile.address,
            "buyer_postal_code": profile.postal_code,
            "buyer_city": profile.city,
            "buyer_country": profile.country or "FR",
            "buyer_address": postal_text(
                street=profile.address, postal_code=profile.postal_code, city=profile.city, country=profile.country
            ),  # fmt: skip
        }
    if profile is not None and profile.is_organisation and profile.name:
        return {
            "buyer_name": profile.name,
            "buyer_is_organisation": True,
            "buyer_siren": profile.siren,
            "buyer_vat_number": profile.vat_number,
            "buyer_email": profile.email or user.email,
            **address,
        }
    return {
        "buyer_name": (profile.name if profile and profile.name else user.display_name) or user.email,
        "buyer_is_organisation": False,
        "buyer_siren": "",
        "buyer_vat_number": "",
        "buyer_email": (profile.email if profile and profile.email else user.email),
        **address,
    }


def seller_snapshot(entity: LegalEntity) -> dict[str, Any]:
    place = entity.place
    return {
        "name": entity.name,
        "legal_form": entity.legal_form,
        "siret": entity.siret,
        "siren": entity.siren,
        "rna": entity.rna,
        "vat_number": entity.vat_number,
        "vat_exempt": entity.vat_exempt,
        "share_capital": str(entity.share_capital) if entity.share_capital is not None else "",
        "registry": entity.registry,
        "address": entity.postal_address,
        "street": entity.address.splitlines()[0] if entity.address else place.street_address,
        "postal_code": place.postal_code,
        "city": place.city,
        "country": place.country or "FR",
        "email": place.email,
        "phone": place.phone,
        "kind": entity.kind,
    }


def draft_create(
    *, place: Place, entity: LegalEntity, user: User, lines: list[LineIn], kind: str = Invoice.Kind.INVOICE,
    **extra: Any,
) -> Invoice:  # fmt: skip
    """A draft invoice (or credit note: ``kind``) of checked ``lines`` for the member, billed to their
    billing details, with its totals (inside the caller's transaction). ``extra``: more Invoice fields."""
    check_entity(place, entity)
    if not lines:
        raise ServiceError(_("An invoice needs at least one line."), code="empty")
    invoice = Invoice.objects.create(
        place=place, entity=entity, user=user, kind=kind, **buyer_fields(place=place, user=user), **extra
    )
    totals = compute_totals([(ln.quantity, ln.unit_price, ln.vat_rate) for ln in lines], vat_exempt=entity.vat_exempt)
    created = InvoiceLine.objects.bulk_create(
        [
            InvoiceLine(
                place=place,
                invoice=invoice,
                position=position,
                product=line.product,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_rate="exempt" if entity.vat_exempt else line.vat_rate,
                total_excl_vat=net,
                service_date=line.service_date,
                is_goods=line.is_goods,
                is_fee=line.is_fee,
            )
            for position, (line, net) in enumerate(zip(lines, totals.lines, strict=True), start=1)
        ]
    )
    invoice_recompute(invoice, lines=created)
    return invoice


def invoice_recompute(invoice: Invoice, lines: list[InvoiceLine] | None = None) -> list[InvoiceLine]:
    """Recompute and save the totals, VAT breakdown, nature and service dates of a draft from its lines
    (``lines``: already loaded); returns the lines."""
    lines = list(invoice.lines.all()) if lines is None else lines
    totals = compute_totals(
        [(ln.quantity, ln.unit_price, ln.vat_rate) for ln in lines], vat_exempt=invoice.entity.vat_exempt
    )
    for line, net in zip(lines, totals.lines, strict=True):
        if line.total_excl_vat != net:
            line.total_excl_vat = net
            if invoice.entity.vat_exempt:
                line.vat_rate = "exempt"
            line.save(update_fields=["total_excl_vat", "vat_rate"])
    invoice.total_excl_vat = totals.excl_vat
    invoice.total_vat = totals.vat
    invoice.total_incl_vat = totals.incl_vat
    invoice.vat_breakdown = [g.as_json() for g in totals.groups]
    goods = any(ln.is_goods for ln in lines)
    services = any(not ln.is_goods for ln in lines)
    invoice.nature = Invoice.Nature.BOTH if goods and services else (
        Invoice.Nature.GOODS if goods else Invoice.Nature.SERVICES
    )  # fmt: skip
    dates = [ln.service_date for ln in lines if ln.service_date]
    invoice.service_start = min(dates) if dates else None
    invoice.service_end = max(dates) if dates else None
    invoice.save()
    return lines


def invoice_create(
    *, place: Place, entity: LegalEntity, user: User, actor: User | None, lines: list[LineIn], note: str = ""
) -> Invoice:
    """A draft invoice with free lines (desk sale, manual correction)."""
    with transaction.atomic(durable=True):
        invoice = draft_create(
            place=place, entity=entity, user=user, lines=[clean_line(ln) for ln in lines], note=note[:300]
        )
        audit_record(place=place, actor=actor, action="billing.invoice_drafted", obj=invoice)
    return invoice


def _charges_pending(
    *, place: Place, entity: LegalEntity, user: User, until: dt.date | None, lock: bool
) -> list[Charge]:
    charges = Charge.objects.filter(place=place, entity=entity, user=user, invoice_line__isnull=True)
    if lock:
        charges = charges.select_for_update(of=("self",))
    if until is not None:
        charges = charges.filter(service_date__lte=until)
    return list(charges.select_related("product").order_by("service_date", "pk"))


def charges_pending_locked(
    *, place: Place, entity: LegalEntity, user: User, until: dt.date | None = None
) -> list[Charge]:
    """The member's uninvoiced charges for this entity (up to ``until``), locked for the caller's
    transaction, in the order an invoice lists them."""
    return _charges_pending(place=place, entity=entity, user=user, until=until, lock=True)


def _balanced_prices(charges: list[Charge], *, vat_exempt: bool) -> dict[int, Decimal]:
    """Unit prices excl. VAT for the charges priced incl. VAT (quantity 1) of one invoice, so that each
    rate's total incl. VAT is the sum of their prices plus what the other lines of that rate cost
    (see :func:`comptoir.billing.services.vat.balance_group`)."""
    groups: dict[str, list[tuple[Charge, Decimal]]] = {}
    fixed: dict[str, Decimal] = {}
    for charge in charges:
        rate = "exempt" if vat_exempt else charge.vat_rate
        gross = charge_gross(charge)
        if gross is None:
            fixed[rate] = fixed.get(rate, Decimal("0.00")) + line_net(charge.quantity, charge.unit_price)
        else:
            groups.setdefault(rate, []).append((charge, gross))
    prices: dict[int, Decimal] = {}
    for rate, items in groups.items():
        nets = balance_group(grosses=[g for _c, g in items], fixed_net=fixed.get(rate, Decimal("0.00")), vat_rate=rate)
        prices.update({charge.pk: net for (charge, _g), net in zip(items, nets, strict=True)})
    return prices


def lines_from_charges(charges: list[Charge], *, vat_exempt: bool) -> list[LineIn]:
    """The invoice lines of these charges, in their order; lines priced incl. VAT are balanced so that the
    invoice costs what they cost together (pure: the draft and its preview both use it)."""
    prices = _balanced_prices(charges, vat_exempt=vat_exempt)
    return [
        LineIn(
            description=c.description,
            quantity=c.quantity,
            unit_price=prices.get(c.pk, c.unit_price),
            vat_rate=c.vat_rate,
            service_date=c.service_date,
            product=c.product,
            is_goods=bool(c.product and c.product.kind == "goods"),
            is_fee=bool(c.product and c.product.kind == "fee"),
        )
        for c in charges
    ]


def draft_from_charges(
    *, place: Place, entity: LegalEntity, user: User, charges: list[Charge], **extra: Any
) -> Invoice:
    """A draft invoice of these (locked, uninvoiced) charges, each linked to its line; lines priced incl.
    VAT are balanced so that the invoice costs what they cost together (inside the caller's transaction)."""
    lines = lines_from_charges(charges, vat_exempt=entity.vat_exempt)
    invoice = draft_create(place=place, entity=entity, user=user, lines=lines, **extra)
    for charge, line in zip(charges, invoice.lines.order_by("position"), strict=True):
        charge.invoice_line = line
    Charge.objects.bulk_update(charges, ["invoice_line"])
    return invoice


def draft_preview_check(invoice: Invoice, *, expected: str, charges: Sequence[Charge] = ()) -> None:
    """Refuse (``Conflict`` code ``preview_stale``) a draft that is not exactly what was previewed
    (``expected``: the preview's fingerprint); the caller's transaction then writes nothing."""
    invoice = Invoice.objects.select_related("entity").get(pk=invoice.pk)
    by_line = {charge.invoice_line_id: charge.pk for charge in charges if charge.invoice_line_id}
    described = preview_of_invoice(invoice, lines=invoice.lines.all(), buyer_fields=BUYER_FIELDS, charge_ids=by_line)
    if described.fingerprint != expected:
        raise preview_stale()


def invoice_from_charges_preview(
    *, place: Place, entity: LegalEntity, user: User, until: dt.date | None = None
) -> InvoicePreview | None:
    """What :func:`invoice_create_from_charges` would invoice now (same charges, same lines, same totals,
    same buyer), written nowhere; ``None`` when nothing is left to invoice."""
    check_entity(place, entity)
    charges = _charges_pending(place=place, entity=entity, user=user, until=until, lock=False)
    if not charges:
        return None
    return preview_build(
        entity=entity, user_id=user.pk, buyer=buyer_fields(place=place, user=user),
        lines=lines_from_charges(charges, vat_exempt=entity.vat_exempt),
        charge_ids=[charge.pk for charge in charges],
    )  # fmt: skip


def invoice_create_from_charges(
    *, place: Place, entity: LegalEntity, user: User, actor: User | None, until: dt.date | None = None,
    issue: bool = False, allow_zero: bool = False, expected: str | None = None,
) -> Invoice | None:  # fmt: skip
    """Gather the member's uninvoiced charges for this entity into one invoice (issued if asked).

    ``expected``: the fingerprint of the preview staff confirmed (:func:`invoice_from_charges_preview`);
    when the invoice would differ from it in any way, ``Conflict`` (code ``preview_stale``) and nothing
    is written."""
    with transaction.atomic(durable=True):
        check_entity(place, entity)
        charges = charges_pending_locked(place=place, entity=entity, user=user, until=until)
        if not charges:
            if expected is not None:  # what was previewed has been invoiced or withdrawn meanwhile
                raise preview_stale()
            return None
        invoice = draft_from_charges(place=place, entity=entity, user=user, charges=charges)
        if expected is not None:
            draft_preview_check(invoice, expected=expected, charges=charges)
        if issue:
            invoice = invoice_issue.in_transaction(invoice=invoice, actor=actor, allow_zero=allow_zero)
        audit_record(place=place, actor=actor, action="billing.invoice_from_charges", obj=invoice)
    return invoice


def draft_guard(invoice: Invoice) -> None:
    """Refuse (``Conflict`` code ``frozen``) to change an invoice that is no longer a draft."""
    if not invoice.is_draft:
        raise Conflict(_("An issued invoice cannot be changed; issue a credit note instead."), code="frozen")


def invoice_draft_delete(*, invoice: Invoice, actor: User | None) -> None:
    with transaction.atomic(durable=True):
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        draft_guard(invoice)
        Charge.objects.filter(invoice_line__invoice=invoice).update(invoice_line=None)
        audit_record(place=invoice.place, actor=actor, action="billing.draft_deleted", obj=invoice)
        invoice.lines.all().delete()
        invoice.delete()


@service
def invoice_issue(
    *, invoice: Invoice, actor: User | None, allow_zero: bool = False, issue_date: dt.date | None = None,
    store_pdf: bool = True,
) -> Invoice:  # fmt: skip
    """Number, freeze, chain and post a draft. Numbers are continuous per entity even under concurrency
    (one lock per entity serialises every issue). ``.in_transaction``: inside the caller's transaction.

    ``store_pdf``: make and store its PDF once the transaction commits (the billing run passes False
    to stay fast; its PDFs are made on first download or by ``billing_store_pdfs``).
    """
    invoice = Invoice.objects.select_related("entity__place", "credited_invoice").get(pk=invoice.pk)
    draft_guard(invoice)
    lines = invoice_recompute(invoice)
    if not lines:
        raise ServiceError(_("An invoice needs at least one line."), code="empty")
    if invoice.total_incl_vat == 0 and not allow_zero and not invoice.is_credit_note:
        raise ServiceError(_("This invoice's total is 0 €; confirm to issue it anyway."), code="zero_total")
    entity = invoice.entity
    place = entity.place
    chain = lock_sequence(entity=entity, series="chain")  # one lock per entity serialises every issue
    number = take_next(entity=entity, series=Invoice.SERIES[invoice.kind])
    issue_date = issue_date or today_in(place)
    invoice.sequence = number
    # The entity's prefix tells two entities of one place apart ("ASSO-F-000001", "COOP-F-000001");
    # the series counter is the entity's own, so a changed prefix never restarts the numbering.
    invoice.number = f"{entity.invoice_prefix}-{Invoice.SERIES[invoice.kind]}-{number:06d}"
    invoice.issue_date = issue_date
    invoice.due_date = issue_date if invoice.is_credit_note else issue_date + dt.timedelta(days=conf.PAYMENT_TERM_DAYS)
    invoice.seller = seller_snapshot(entity)
    if not invoice.is_credit_note:  # the buyer as of today (a credit note keeps its invoice's buyer)
        for field, value in buyer_fields(place=place, user=invoice.user).items():
            setattr(invoice, field, value)
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = timezone.now()
    chain.last_number += 1
    invoice.chain_index = chain.last_number
    invoice.previous_hash = chain.last_hash
    invoice.hash = invoice_hash(invoice, lines, chain.last_hash)
    chain.last_hash = invoice.hash
    chain.save(update_fields=["last_number", "last_hash"])
    invoice.save()
    post_invoice(invoice=invoice, lines=lines)
    audit_record(
        place=place,
        actor=actor,
        action="billing.credit_note_issued" if invoice.is_credit_note else "billing.invoice_issued",
        obj=invoice,
        after={"number": invoice.number, "total": invoice.total_incl_vat, "hash": invoice.hash},
    )
    if store_pdf:
        schedule_pdf_store(invoice)
    return invoice
