"""Billing API: invoices (list, detail, PDF, drafts with free lines, issue), payments, balances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from comptoir.billing import selectors, services
from comptoir.billing.permissions import BILLING_MANAGE, BILLING_VIEW
from comptoir.billing.services.documents import invoice_pdf_read
from comptoir.billing.services.drafts import invoice_draft_start, invoice_line_add
from comptoir.billing.totals import money
from comptoir.core.api_auth import AUTH, access_for
from comptoir.core.viewhelpers import or_404
from comptoir.places.selectors import legal_entity_list, legal_entity_primary

router = Router(tags=["billing"], auth=AUTH)


class LineOut(Schema):
    line_id: int = Field(..., alias="pk")  # the key of a partial credit note's ``lines``
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: str
    total_excl_vat: Decimal


class InvoiceOut(Schema):
    id: int
    kind: str
    status: str
    number: str
    entity: str = Field(..., alias="entity.name")
    entity_id: int  # the legal entity that issued it: its prefix starts the number
    user_id: int  # the buyer's account, as the member list gives it
    buyer_name: str
    issue_date: dt.date | None
    due_date: dt.date | None
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    paid_amount: Decimal
    due_amount: Decimal
    credited_invoice: str | None

    @staticmethod
    def resolve_credited_invoice(obj):
        return obj.credited_invoice.number if obj.credited_invoice_id else None

    @staticmethod
    def resolve_due_amount(obj):
        return money(obj.due_amount) if obj.kind == "invoice" and obj.status == "issued" else Decimal("0.00")

    @staticmethod
    def resolve_paid_amount(obj):
        return money(obj.paid_amount)


class InvoiceDetailOut(InvoiceOut):
    lines: list[LineOut]  # the related manager, which ninja reads as the list of its (prefetched) objects
    vat_breakdown: list[dict]
    hash: str


class PaymentIn(Schema):
    user_id: int  # the payer's account: ``user_id`` of GET /places/{slug}/members (not its ``membership_id``)
    method: str
    amount: Decimal
    invoice_ids: list[int] | None = None
    reference: str = ""
    mandate_reference: str = ""
    voucher_code: str = ""


class PaymentOut(Schema):
    id: int
    user_id: int
    method: str
    amount: Decimal
    is_refund: bool
    received_on: dt.date
    reference: str
    invoices: list[str]

    @staticmethod
    def resolve_invoices(obj):
        return [a.invoice.number for a in obj.allocations.all()]


class WalletOut(Schema):
    entity: str
    entity_id: int
    balance: Decimal


class BalanceOut(Schema):
    owed: Decimal
    credit: Decimal
    wallets: list[WalletOut]


def _scope(request, slug):
    """(access, user filter): staff see every invoice, members only theirs."""
    access = access_for(request, slug)
    if access.has(BILLING_VIEW):
        return access, None
    if access.is_member:
        return access, access.user
    raise Http404


@router.get("/places/{slug}/invoices", response=list[InvoiceOut], summary="Invoices (staff: all; member: mine)")
@paginate(PageNumberPagination, page_size=50)
def invoice_list(request, slug: str, status: str = "", kind: str = "", mine: bool = False):
    access, user = _scope(request, slug)
    return selectors.invoice_list(place=access.place, user=user or (access.user if mine else None), status=status,
                                  kind=kind)  # fmt: skip


@router.get("/places/{slug}/invoices/{invoice_id}", response=InvoiceDetailOut, summary="One invoice")
def invoice_detail(request, slug: str, invoice_id: int):
    access, user = _scope(request, slug)
    return or_404(selectors.invoice_get(place=access.place, pk=invoice_id, user=user))


@router.get("/places/{slug}/invoices/{invoice_id}/pdf", summary="The Factur-X PDF of an issued invoice")
def invoice_pdf(request, slug: str, invoice_id: int):
    access, user = _scope(request, slug)
    invoice = selectors.invoice_get(place=access.place, pk=invoice_id, user=user)
    if invoice is None or invoice.is_draft:
        raise Http404
    pdf = invoice_pdf_read(invoice=invoice)  # a ServiceError becomes a JSON 4xx (comptoir.api)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response


class DraftLineIn(Schema):
    description: str
    quantity: Decimal
    unit_price: Decimal  # excl. VAT
    vat_rate: str  # "20", "10", "5.5", "2.1", "0" or "exempt"

    def as_line(self) -> services.LineIn:
        return services.LineIn(description=self.description, quantity=self.quantity, unit_price=self.unit_price,
                               vat_rate=self.vat_rate)  # fmt: skip


class DraftIn(Schema):
    user_id: int  # the buyer's account: ``user_id`` of GET /places/{slug}/members (not its ``membership_id``)
    entity_id: int | None = None  # GET /places/{slug}/legal-entities; default: the place's primary legal entity
    note: str = ""
    lines: list[DraftLineIn] = []


class IssueIn(Schema):
    allow_zero: bool = False


@router.post("/places/{slug}/invoices", response={201: InvoiceDetailOut}, summary="Create a draft invoice (staff)")
def draft_create(request, slug: str, payload: DraftIn):
    access = access_for(request, slug, BILLING_MANAGE)
    member = or_404(selectors.member_get(place=access.place, user_id=payload.user_id))
    if payload.entity_id is None:
        entity = legal_entity_primary(place=access.place)
    else:
        entity = legal_entity_list(place=access.place).filter(pk=payload.entity_id).first()
    invoice = invoice_draft_start(place=access.place, entity=entity, user=member, actor=access.user,
                                  note=payload.note, lines=[line.as_line() for line in payload.lines])  # fmt: skip
    return Status(201, selectors.invoice_get(place=access.place, pk=invoice.pk))


@router.post(
    "/places/{slug}/invoices/{invoice_id}/lines",
    response={201: InvoiceDetailOut},
    summary="Add a free line to a draft invoice (staff)",
)
def draft_line_add(request, slug: str, invoice_id: int, payload: DraftLineIn):
    access = access_for(request, slug, BILLING_MANAGE)
    invoice = or_404(selectors.invoice_get(place=access.place, pk=invoice_id))
    invoice_line_add(invoice=invoice, actor=access.user, line=payload.as_line())
    return Status(201, selectors.invoice_get(place=access.place, pk=invoice.pk))


@router.post(
    "/places/{slug}/invoices/{invoice_id}/issue",
    response=InvoiceDetailOut,
    summary="Issue a draft invoice: number, hash chain, freeze (staff)",
)
def draft_issue(request, slug: str, invoice_id: int, payload: IssueIn):
    access = access_for(request, slug, BILLING_MANAGE)
    invoice = or_404(selectors.invoice_get(place=access.place, pk=invoice_id))
    services.invoice_issue(invoice=invoice, actor=access.user, allow_zero=payload.allow_zero)
    return selectors.invoice_get(place=access.place, pk=invoice.pk)


class CreditNoteIn(Schema):
    lines: dict[int, Decimal] | None = None  # {invoice line id: quantity to credit}; omitted = everything left
    reason: str = ""


@router.post(
    "/places/{slug}/invoices/{invoice_id}/credit-notes",
    response={201: InvoiceDetailOut},
    summary="Issue a full or partial credit note (staff)",
)
def credit_note_create(request, slug: str, invoice_id: int, payload: CreditNoteIn):
    access = access_for(request, slug, BILLING_MANAGE)
    invoice = or_404(selectors.invoice_get(place=access.place, pk=invoice_id))
    note = services.credit_note_create(invoice=invoice, actor=access.user, quantities=payload.lines,
                                       reason=payload.reason)  # fmt: skip
    return Status(201, selectors.invoice_get(place=access.place, pk=note.pk))


@router.get("/places/{slug}/payments", response=list[PaymentOut], summary="Payments (staff)")
@paginate(PageNumberPagination, page_size=50)
def payment_list(request, slug: str):
    access = access_for(request, slug, BILLING_VIEW)
    return selectors.payment_list(place=access.place)


@router.post("/places/{slug}/payments", response={201: PaymentOut}, summary="Record a payment (staff)")
def payment_create(request, slug: str, payload: PaymentIn):
    access = access_for(request, slug, BILLING_MANAGE)
    member = or_404(selectors.member_get(place=access.place, user_id=payload.user_id))
    invoices = None
    if payload.invoice_ids is not None:
        invoices = list(selectors.invoice_list(place=access.place, user=member).filter(pk__in=payload.invoice_ids))
        if len(invoices) != len(set(payload.invoice_ids)):
            raise Http404
    payment = services.payment_record(
        place=access.place, user=member, method=payload.method, amount=payload.amount, actor=access.user,
        entity=invoices[0].entity if invoices else None, invoices=invoices, reference=payload.reference,
        mandate_reference=payload.mandate_reference, voucher_code=payload.voucher_code,
    )  # fmt: skip
    return Status(201, selectors.payment_list(place=access.place).get(pk=payment.pk))


def _balance(place, user):
    balance = selectors.member_balance(place=place, user=user)
    return {
        "owed": balance["owed"],
        "credit": balance["credit"],
        "wallets": [
            {"entity": w["entity__name"], "entity_id": w["entity_id"], "balance": w["balance"]}
            for w in balance["wallets"]
        ],
    }


@router.get("/places/{slug}/balances/me", response=BalanceOut, summary="My balance and wallet")
def my_balance(request, slug: str):
    access = access_for(request, slug)
    if not access.is_member:
        raise Http404
    return _balance(access.place, access.user)


@router.get("/places/{slug}/balances/{user_id}", response=BalanceOut, summary="A member's balance (staff)")
def member_balance(request, slug: str, user_id: int):
    access = access_for(request, slug, BILLING_VIEW)
    member = or_404(selectors.member_get(place=access.place, user_id=user_id))
    return _balance(access.place, member)
