"""Drafts, issuing (numbering, freezing, hash chain) and credit notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing import conf
from comptoir.billing.chain import invoice_hash
from comptoir.billing.models import BillingProfile, Charge, Invoice, InvoiceLine
from comptoir.billing.services.sequences import lock_sequence, take_next
from comptoir.billing.totals import clean_price, clean_quantity, clean_vat_rate, compute_totals, line_net
from comptoir.core.errors import Conflict, ServiceError


@dataclass(frozen=True)
class LineIn:
    """One line to invoice (or to charge): amounts are excl. VAT."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: str
    service_date: dt.date | None = None
    product: object | None = None
    is_goods: bool = False
    is_fee: bool = False
    key: str = "main"
    price_incl_vat: Decimal | None = None  # for a charge priced incl. VAT: what the member pays for the line


def clean_line(line: LineIn) -> LineIn:
    description = " ".join(str(line.description or "").split())[:300]
    if not description:
        raise ServiceError(_("Each line needs a description."), code="description", field="description")
    return LineIn(
        description=description,
        quantity=clean_quantity(line.quantity),
        unit_price=clean_price(line.unit_price),
        vat_rate=clean_vat_rate(line.vat_rate),
        service_date=line.service_date,
        product=line.product,
        is_goods=line.is_goods,
        is_fee=line.is_fee,
        key=str(line.key or "main")[:40],
        price_incl_vat=None if line.price_incl_vat is None else clean_price(line.price_incl_vat, field="price"),
    )


def today_in(place) -> dt.date:
    return timezone.now().astimezone(place.tz).date()


def _check_entity(place, entity) -> None:
    if entity is None or entity.place_id != place.pk:
        raise ServiceError(_("Choose a legal entity of this place."), code="entity", field="entity")


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


def _buyer_fields(*, place, user) -> dict:
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


def seller_snapshot(entity) -> dict:
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


def _create_draft(*, place, entity, user, lines: list[LineIn], kind=Invoice.Kind.INVOICE, **extra) -> Invoice:
    _check_entity(place, entity)
    if not lines:
        raise ServiceError(_("An invoice needs at least one line."), code="empty")
    invoice = Invoice.objects.create(
        place=place, entity=entity, user=user, kind=kind, **_buyer_fields(place=place, user=user), **extra
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
    _recompute(invoice, lines=created)
    return invoice


def _recompute(invoice: Invoice, lines: list[InvoiceLine] | None = None) -> list[InvoiceLine]:
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


def invoice_create(*, place, entity, user, actor, lines: list[LineIn], note: str = "") -> Invoice:
    """A draft invoice with free lines (desk sale, manual correction)."""
    with transaction.atomic(durable=True):
        invoice = _create_draft(
            place=place, entity=entity, user=user, lines=[clean_line(ln) for ln in lines], note=note[:300]
        )
        audit_record(place=place, actor=actor, action="billing.invoice_drafted", obj=invoice)
    return invoice


def _pending_charges(*, place, entity, user, until: dt.date | None = None):
    charges = Charge.objects.select_for_update(of=("self",)).filter(
        place=place, entity=entity, user=user, invoice_line__isnull=True
    )
    if until is not None:
        charges = charges.filter(service_date__lte=until)
    return list(charges.select_related("product").order_by("service_date", "pk"))


def _balanced_prices(charges: list[Charge], *, vat_exempt: bool) -> dict[int, Decimal]:
    """Unit prices excl. VAT for the charges priced incl. VAT (quantity 1) of one invoice, so that each
    rate's total incl. VAT is the sum of their prices plus what the other lines of that rate cost
    (see :func:`comptoir.billing.services.bridges.balance_group`)."""
    from comptoir.billing.services.bridges import balance_group, charge_gross

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


def _draft_from_charges(*, place, entity, user, charges: list[Charge], **extra) -> Invoice:
    prices = _balanced_prices(charges, vat_exempt=entity.vat_exempt)
    lines = [
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
    invoice = _create_draft(place=place, entity=entity, user=user, lines=lines, **extra)
    for charge, line in zip(charges, invoice.lines.order_by("position"), strict=True):
        charge.invoice_line = line
    Charge.objects.bulk_update(charges, ["invoice_line"])
    return invoice


def invoice_create_from_charges(
    *, place, entity, user, actor, until: dt.date | None = None, issue: bool = False, allow_zero: bool = False
) -> Invoice | None:
    """Gather the member's uninvoiced charges for this entity into one invoice (issued if asked)."""
    with transaction.atomic(durable=True):
        _check_entity(place, entity)
        charges = _pending_charges(place=place, entity=entity, user=user, until=until)
        if not charges:
            return None
        invoice = _draft_from_charges(place=place, entity=entity, user=user, charges=charges)
        if issue:
            invoice = _issue(invoice=invoice, actor=actor, allow_zero=allow_zero)
        audit_record(place=place, actor=actor, action="billing.invoice_from_charges", obj=invoice)
    return invoice


def _guard_draft(invoice: Invoice) -> None:
    if not invoice.is_draft:
        raise Conflict(_("An issued invoice cannot be changed; issue a credit note instead."), code="frozen")


def invoice_draft_delete(*, invoice: Invoice, actor) -> None:
    with transaction.atomic(durable=True):
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _guard_draft(invoice)
        Charge.objects.filter(invoice_line__invoice=invoice).update(invoice_line=None)
        audit_record(place=invoice.place, actor=actor, action="billing.draft_deleted", obj=invoice)
        invoice.lines.all().delete()
        invoice.delete()


def _issue(
    *, invoice: Invoice, actor, allow_zero: bool = False, issue_date: dt.date | None = None, store_pdf: bool = True
) -> Invoice:
    """Number, freeze, chain and post a draft (inside the caller's transaction).

    ``store_pdf``: make and store its PDF once the transaction commits (the billing run passes False
    to stay fast; its PDFs are made on first download or by ``billing_store_pdfs``).
    """
    from comptoir.billing.services.accounting import post_invoice
    from comptoir.billing.services.documents import schedule_pdf_store

    invoice = Invoice.objects.select_related("entity__place", "credited_invoice").get(pk=invoice.pk)
    _guard_draft(invoice)
    lines = _recompute(invoice)
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
    prefix = Invoice.SERIES[invoice.kind]
    invoice.number = f"{prefix}-{number:06d}"
    invoice.issue_date = issue_date
    invoice.due_date = issue_date if invoice.is_credit_note else issue_date + dt.timedelta(days=conf.PAYMENT_TERM_DAYS)
    invoice.seller = seller_snapshot(entity)
    if not invoice.is_credit_note:  # the buyer as of today (a credit note keeps its invoice's buyer)
        for field, value in _buyer_fields(place=place, user=invoice.user).items():
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


def invoice_issue(*, invoice: Invoice, actor, allow_zero: bool = False) -> Invoice:
    """Number, freeze and chain a draft. Numbers are continuous per entity even under concurrency."""
    with transaction.atomic(durable=True):
        return _issue(invoice=invoice, actor=actor, allow_zero=allow_zero)


def credited_quantities(invoice: Invoice) -> dict[int, Decimal]:
    """How much of each line of ``invoice`` issued credit notes already cancelled."""
    credited: dict[int, Decimal] = {}
    for line in InvoiceLine.objects.filter(credited_line__invoice=invoice, invoice__status=Invoice.Status.ISSUED).only(
        "credited_line_id", "quantity"
    ):
        credited[line.credited_line_id] = credited.get(line.credited_line_id, Decimal("0")) + line.quantity
    return credited


def credit_note_create(
    *, invoice: Invoice, actor, quantities: dict[int, Decimal] | None = None, reason: str = ""
) -> Invoice:
    """Issue a credit note for the whole invoice (``quantities=None``) or some quantities of its lines."""
    from comptoir.billing.services.payments import settle_credit_note

    with transaction.atomic(durable=True):
        original = Invoice.objects.select_for_update().select_related("entity").get(pk=invoice.pk)
        if original.kind != Invoice.Kind.INVOICE or original.status != Invoice.Status.ISSUED:
            raise ServiceError(_("Only an issued invoice can be credited."), code="not_creditable")
        already = credited_quantities(original)
        lines: list[LineIn] = []
        sources: list[InvoiceLine] = []
        for line in original.lines.all():
            remaining = line.quantity - already.get(line.pk, Decimal("0"))
            wanted = remaining if quantities is None else Decimal(str(quantities.get(line.pk, 0) or 0))
            if wanted < 0 or wanted > remaining:
                raise ServiceError(
                    _("You can credit at most %(qty)s of “%(line)s”.") % {"qty": remaining, "line": line.description},
                    code="quantity",
                    field="quantity",
                )
            if wanted == 0:
                continue
            lines.append(
                LineIn(
                    description=line.description,
                    quantity=wanted,
                    unit_price=line.unit_price,
                    vat_rate=line.vat_rate,
                    service_date=line.service_date,
                    product=line.product,
                    is_goods=line.is_goods,
                    is_fee=line.is_fee,
                )
            )
            sources.append(line)
        if quantities is not None and set(quantities) - {ln.pk for ln in original.lines.all()}:
            raise ServiceError(_("These lines are not on this invoice."), code="lines")
        if not lines:
            raise ServiceError(_("Nothing left to credit on this invoice."), code="nothing")
        note = _create_draft(
            place=original.place,
            entity=original.entity,
            user=original.user,
            lines=lines,
            kind=Invoice.Kind.CREDIT_NOTE,
            credited_invoice=original,
            note=" ".join(reason.split())[:300],
        )
        for note_line, source in zip(note.lines.order_by("position"), sources, strict=True):
            note_line.credited_line = source
            note_line.save(update_fields=["credited_line"])
        # Keep the buyer exactly as on the credited invoice.
        for field in BUYER_FIELDS:
            setattr(note, field, getattr(original, field))
        note.save()
        note = _issue(invoice=note, actor=actor)
        fully = all(
            line.quantity <= credited_quantities(original).get(line.pk, Decimal("0")) for line in original.lines.all()
        )
        if fully:
            Invoice.objects.filter(pk=original.pk).update(status=Invoice.Status.CANCELLED)
        settle_credit_note(credit_note=note, actor=actor)
    return note


def desk_sale(
    *, place, user, actor, product, quantity, payment_method: str | None = None, reference: str = ""
) -> Invoice:
    """Sell a catalogue product at the desk: an issued invoice at once, paid at once if a method is given."""
    from comptoir.billing.services.charges import line_for_product
    from comptoir.billing.services.payments import _payment_record

    if product is None or product.place_id != place.pk or not product.is_active:
        raise ServiceError(_("Unknown product."), code="product", field="product")
    line = clean_line(line_for_product(product=product, quantity=quantity, service_date=today_in(place)))
    with transaction.atomic(durable=True):
        invoice = _create_draft(place=place, entity=product.entity, user=user, lines=[line])
        invoice = _issue(invoice=invoice, actor=actor)
        if payment_method:
            _payment_record(place=place, user=user, method=payment_method, amount=invoice.total_incl_vat,
                            actor=actor, entity=invoice.entity, invoices=[invoice], reference=reference)  # fmt: skip
        audit_record(place=place, actor=actor, action="billing.desk_sale", obj=invoice)
    return invoice
