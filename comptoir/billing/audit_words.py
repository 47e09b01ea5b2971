"""What the audit log says of billing's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.billing.models import (
    Account,
    BillingProfile,
    BillingRun,
    ClosedPeriod,
    Invoice,
    InvoiceLine,
    JournalEntry,
    Payment,
    Product,
)
from comptoir.billing.services.profiles import FIELDS as PROFILE_FIELDS
from comptoir.billing.totals import VatRate
from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, describe_objects, model_fields
from comptoir.core.money import format_money

VAT = AuditField(gettext_lazy("VAT rate"), "choice", choices=dict(VatRate.choices))
AMOUNT = AuditField(gettext_lazy("amount"), "money")


def vocabulary() -> AuditVocabulary:
    line_fields = {**model_fields(InvoiceLine, "description", "quantity", "unit_price", money=("unit_price",))}
    line_fields["vat_rate"] = VAT
    return AuditVocabulary(
        actions={
            "billing.product_saved": gettext_lazy("Product saved"),
            "billing.profile_saved": gettext_lazy("Billing details saved"),
            "billing.charges_synced": gettext_lazy("Charges to invoice updated"),
            "billing.charges_balanced": gettext_lazy("Charges balanced"),
            "billing.invoice_drafted": gettext_lazy("Draft invoice created"),
            "billing.invoice_from_charges": gettext_lazy("Invoice drafted from charges"),
            "billing.draft_line_added": gettext_lazy("Line added to a draft"),
            "billing.draft_line_changed": gettext_lazy("Line of a draft changed"),
            "billing.draft_line_removed": gettext_lazy("Line removed from a draft"),
            "billing.draft_deleted": gettext_lazy("Draft invoice deleted"),
            "billing.invoice_issued": gettext_lazy("Invoice issued"),
            "billing.credit_note_issued": gettext_lazy("Credit note issued"),
            "billing.pdf_stored": gettext_lazy("Invoice PDF stored"),
            "billing.desk_sale": gettext_lazy("Sale at the desk"),
            "billing.payment_recorded": gettext_lazy("Payment recorded"),
            "billing.wallet_refunded": gettext_lazy("Wallet refunded"),
            "billing.overdue_reminders": gettext_lazy("Overdue invoice reminders sent"),
            "billing.revenue_recorded": gettext_lazy("Revenue recorded"),
            "billing.run_started": gettext_lazy("Billing run started"),
            "billing.run_resumed": gettext_lazy("Billing run resumed"),
            "billing.run_done": gettext_lazy("Billing run finished"),
            "billing.period_closed": gettext_lazy("Accounting period closed"),
            "billing.account_set": gettext_lazy("Account of the chart changed"),
        },
        objects={
            "billing.Product": gettext_lazy("product"),
            "billing.BillingProfile": gettext_lazy("billing details"),
            "billing.Invoice": gettext_lazy("invoice"),
            "billing.Payment": gettext_lazy("payment"),
            "billing.BillingRun": gettext_lazy("billing run"),
            "billing.Account": gettext_lazy("account"),
            "billing.ClosedPeriod": gettext_lazy("closed period"),
            "billing.JournalEntry": gettext_lazy("journal entry"),
        },
        fields={
            "billing.Product": {
                **model_fields(Product, "code", "name", "unit_price", money=("unit_price",)),
                "price": AuditField(Product._meta.get_field("unit_price").verbose_name, "money"),
                "vat": VAT,
            },
            "billing.BillingProfile": model_fields(BillingProfile, *PROFILE_FIELDS),
            "billing.Invoice": {
                **line_fields,
                "number": AuditField(Invoice._meta.get_field("number").verbose_name),
                "total": AuditField(Invoice._meta.get_field("total_incl_vat").verbose_name, "money"),
                "hash": AuditField(gettext_lazy("fingerprint")),
                "file": AuditField(gettext_lazy("file")),
                "sha256": AuditField(gettext_lazy("fingerprint")),
            },
            "billing.Payment": {
                "method": AuditField(
                    Payment._meta.get_field("method").verbose_name, "choice", choices=dict(Payment.Method.choices)
                ),
                "amount": AMOUNT,
                "allocated": AuditField(gettext_lazy("settled on invoices"), "money"),
                "to_wallet": AuditField(gettext_lazy("put in the wallet"), "money"),
            },
            "billing.BillingRun": {
                "period": AuditField(gettext_lazy("period")),
                "groups": AuditField(gettext_lazy("people to invoice"), "number"),
                "invoices": AuditField(gettext_lazy("invoices"), "number"),
                "amount": AuditField(gettext_lazy("amount invoiced"), "money"),
            },
            "billing.Account": model_fields(Account, "role", "number", "label"),
            "billing.ClosedPeriod": {"until": AuditField(gettext_lazy("closed until"), "date")},
            "billing.JournalEntry": {
                "piece_ref": AuditField(gettext_lazy("document")),
                "amount": AMOUNT,
                "vat": AuditField(gettext_lazy("VAT"), "money"),
                "entity": AuditField(gettext_lazy("legal entity"), "object", target="places.LegalEntity"),
            },
            "billing.charges_synced": {
                "created": AuditField(gettext_lazy("added"), "number"),
                "updated": AuditField(gettext_lazy("changed"), "number"),
                "deleted": AuditField(gettext_lazy("removed"), "number"),
                "invoiced_differs": AuditField(gettext_lazy("already invoiced, differing"), "number"),
            },
            "billing.charges_balanced": {
                "charges": AuditField(gettext_lazy("charges"), "number"),
                "until": AuditField(gettext_lazy("until"), "date"),
            },
            "billing.overdue_reminders": {
                "members": AuditField(gettext_lazy("people reminded"), "number"),
                "invoices": AuditField(gettext_lazy("overdue invoices"), "number"),
            },
        },
    )


def _products(place, ids):
    return {p.pk: p.name for p in Product.objects.filter(place=place, pk__in=ids).only("pk", "name")}


def _profiles(place, ids):
    found = BillingProfile.objects.filter(place=place, pk__in=ids).select_related("user")
    return {p.pk: _("Billing details of %(person)s") % {"person": p.user} for p in found}


def _invoices(place, ids):
    found = Invoice.objects.filter(place=place, pk__in=ids).only("pk", "kind", "number", "buyer_name", "status")
    texts = {}
    for invoice in found:
        if invoice.number:
            name = _("Credit note %(number)s") if invoice.kind == Invoice.Kind.CREDIT_NOTE else _("Invoice %(number)s")
            name = name % {"number": invoice.number}
        else:
            name = _("Draft invoice")
        texts[invoice.pk] = f"{name} — {invoice.buyer_name}" if invoice.buyer_name else name
    return texts


def _payments(place, ids):
    found = Payment.objects.filter(place=place, pk__in=ids).select_related("user")
    return {
        p.pk: _("Payment of %(amount)s by %(person)s (%(method)s, %(date)s)")
        % {
            "amount": format_money(p.amount),
            "person": p.user,
            "method": p.get_method_display(),
            "date": formats.date_format(p.received_on, "DATE_FORMAT"),
        }
        for p in found
    }


def _runs(place, ids):
    return {
        r.pk: _("Billing of %(period)s") % {"period": r.period}
        for r in BillingRun.objects.filter(place=place, pk__in=ids)
    }


def _accounts(place, ids):
    return {a.pk: f"{a.number} {a.label}" for a in Account.objects.filter(place=place, pk__in=ids)}


def _closed(place, ids):
    found = ClosedPeriod.objects.filter(place=place, pk__in=ids).select_related("entity")
    return {
        c.pk: _("Accounts of %(entity)s closed until %(date)s")
        % {"entity": c.entity.name, "date": formats.date_format(c.closed_until, "DATE_FORMAT")}
        for c in found
    }


def _journal_entries(place, ids):
    found = JournalEntry.objects.filter(place=place, pk__in=ids)
    return {e.pk: f"{e.journal}{e.number} — {e.label}" for e in found}


def describe(*, place, objects) -> dict:
    return describe_objects(
        objects,
        place=place,
        describers={
            "billing.Product": _products,
            "billing.BillingProfile": _profiles,
            "billing.Invoice": _invoices,
            "billing.Payment": _payments,
            "billing.BillingRun": _runs,
            "billing.Account": _accounts,
            "billing.ClosedPeriod": _closed,
            "billing.JournalEntry": _journal_entries,
        },
    )
