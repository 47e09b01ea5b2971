"""Every write of billing. Import from here: ``from comptoir.billing import services``."""

from comptoir.billing.services.accounting import account_set, period_close
from comptoir.billing.services.bridges import line_incl_vat
from comptoir.billing.services.catalogue import product_save
from comptoir.billing.services.charges import SyncResult, charge_sync_for_source, line_for_product
from comptoir.billing.services.invoices import (
    LineIn,
    credit_note_create,
    desk_sale,
    invoice_create,
    invoice_create_from_charges,
    invoice_draft_delete,
    invoice_issue,
)
from comptoir.billing.services.payments import (
    invoice_due,
    payment_record,
    wallet_balance,
    wallet_pay_invoice,
    wallet_refund,
    wallet_top_up,
)
from comptoir.billing.services.profiles import billing_profile_save
from comptoir.billing.services.reminders import overdue_reminders_send
from comptoir.billing.services.run import billing_run

__all__ = [
    "LineIn",
    "account_set",
    "SyncResult",
    "charge_sync_for_source",
    "credit_note_create",
    "desk_sale",
    "invoice_create",
    "invoice_create_from_charges",
    "invoice_draft_delete",
    "invoice_due",
    "invoice_issue",
    "line_for_product",
    "line_incl_vat",
    "payment_record",
    "product_save",
    "billing_run",
    "overdue_reminders_send",
    "billing_profile_save",
    "period_close",
    "wallet_balance",
    "wallet_pay_invoice",
    "wallet_refund",
    "wallet_top_up",
]
