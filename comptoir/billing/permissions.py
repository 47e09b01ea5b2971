from django.utils.translation import gettext_lazy as _

BILLING_VIEW = "billing.view"
BILLING_MANAGE = "billing.manage"
BILLING_ACCOUNTING = "billing.accounting"

PERMISSIONS = {
    BILLING_VIEW: _("See invoices, charges, payments and balances"),
    BILLING_MANAGE: _("Issue invoices and credit notes, record payments, run the billing"),
    BILLING_ACCOUNTING: _("Export the accounts and close periods"),
}
ROLE_PERMISSIONS = {
    "host": [BILLING_VIEW, BILLING_MANAGE],
    "board": [BILLING_VIEW, BILLING_ACCOUNTING],
}
