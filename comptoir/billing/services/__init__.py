"""Every write of billing. Other apps import from here: ``from comptoir.billing import services``.

The modules of this package form one-way layers (a module imports only from the layers above it in
this list, never from its own layer's later modules, never a function-level import to dodge a cycle):

1. pure helpers: :mod:`.helpers` (``LineIn``, ``clean_line``, ``today_in``, ``check_entity``),
   :mod:`.vat` (prices incl. VAT), :mod:`.preview` (what an invoice will hold, and its fingerprint);
2. reads: :mod:`comptoir.billing.selectors` (what is paid, due, credited; wallet balance);
3. primitives: :mod:`.sequences` (gapless numbers), :mod:`.accounting` (journal entries),
   :mod:`.documents` (stored PDFs);
4. aggregates: :mod:`.invoices`, :mod:`.payments` (and the wallet), :mod:`.charges`, :mod:`.drafts`,
   :mod:`.catalogue`, :mod:`.profiles`;
5. orchestration: :mod:`.credit_notes`, :mod:`.desk`, :mod:`.source_invoices`, :mod:`.bridges` (ledger
   settlement), :mod:`.run` (the billing run), :mod:`.online`, :mod:`.revenue`, :mod:`.reminders`.

Services that other services call inside their own transaction are ``@service``
(:mod:`comptoir.core.transactions`): ``payment_record(...)`` is durable,
``payment_record.in_transaction(...)`` joins the caller's transaction.
"""

from comptoir.billing.selectors import invoice_due, wallet_balance
from comptoir.billing.services.accounting import account_set, period_close
from comptoir.billing.services.bridges import SettleResult, bridge_charges_balance, bridge_product, ledger_settle
from comptoir.billing.services.catalogue import product_save
from comptoir.billing.services.charges import SyncResult, charge_sync_for_source, line_for_product
from comptoir.billing.services.credit_notes import credit_note_create
from comptoir.billing.services.desk import desk_sale, desk_sale_preview
from comptoir.billing.services.helpers import LineIn, today_in
from comptoir.billing.services.invoices import (
    invoice_create,
    invoice_create_from_charges,
    invoice_draft_delete,
    invoice_from_charges_preview,
    invoice_issue,
)
from comptoir.billing.services.payments import (
    payment_record,
    wallet_pay_invoice,
    wallet_refund,
    wallet_top_up,
)
from comptoir.billing.services.preview import InvoicePreview
from comptoir.billing.services.profiles import billing_profile_save
from comptoir.billing.services.reminders import overdue_reminders_send
from comptoir.billing.services.revenue import revenue_record
from comptoir.billing.services.run import billing_run
from comptoir.billing.services.source_invoices import invoice_issue_for_source
from comptoir.billing.services.vat import line_incl_vat

__all__ = [
    "InvoicePreview",
    "LineIn",
    "SettleResult",
    "SyncResult",
    "account_set",
    "billing_profile_save",
    "billing_run",
    "bridge_charges_balance",
    "bridge_product",
    "charge_sync_for_source",
    "credit_note_create",
    "desk_sale",
    "desk_sale_preview",
    "invoice_create",
    "invoice_create_from_charges",
    "invoice_draft_delete",
    "invoice_from_charges_preview",
    "invoice_due",
    "invoice_issue",
    "invoice_issue_for_source",
    "ledger_settle",
    "line_for_product",
    "line_incl_vat",
    "overdue_reminders_send",
    "payment_record",
    "period_close",
    "product_save",
    "revenue_record",
    "today_in",
    "wallet_balance",
    "wallet_pay_invoice",
    "wallet_refund",
    "wallet_top_up",
]
