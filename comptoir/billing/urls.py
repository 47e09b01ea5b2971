"""Billing pages under /<place-slug>/."""

from django.urls import path

from comptoir.billing import draft_views, online_views, views

app_name = "billing"

urlpatterns = [
    path("mes-factures/", views.mine, name="mine"),
    path("mes-factures/coordonnees/", views.billing_profile, name="profile"),
    path("factures/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("mes-factures/<int:invoice_id>/payer-en-ligne/", online_views.pay_online, name="pay_online"),
    path("paiement/test/", online_views.sandbox_checkout, name="sandbox_checkout"),
    path("paiement/retour/", online_views.payment_return, name="payment_return"),
    path("paiement/notification/<slug:provider>/", online_views.payment_webhook, name="payment_webhook"),
    path("gestion/facturation/", views.invoices, name="invoices"),
    path("gestion/facturation/vente/", views.sale, name="sale"),
    path("gestion/facturation/factures/nouvelle/", draft_views.invoice_new, name="invoice_new"),
    path("gestion/facturation/factures/<int:invoice_id>/", views.invoice_detail, name="invoice"),
    path("gestion/facturation/factures/<int:invoice_id>/lignes/", draft_views.draft_line_add, name="draft_line_add"),
    path(
        "gestion/facturation/factures/<int:invoice_id>/lignes/<int:line_id>/",
        draft_views.draft_line_edit,
        name="draft_line_edit",
    ),
    path("gestion/facturation/factures/<int:invoice_id>/emettre/", views.invoice_issue, name="invoice_issue"),
    path("gestion/facturation/factures/<int:invoice_id>/avoir/", views.credit_note, name="credit_note"),
    path("gestion/facturation/factures/<int:invoice_id>/paiement/", views.invoice_pay, name="invoice_pay"),
    path("gestion/facturation/a-facturer/", views.charges, name="charges"),
    path("gestion/facturation/a-facturer/facturer/", views.charges_invoice, name="charges_invoice"),
    path("gestion/facturation/paiements/", views.payments, name="payments"),
    path("gestion/facturation/impayes/", views.overdue, name="overdue"),
    path("gestion/facturation/impayes/relancer/", views.overdue_remind, name="overdue_remind"),
    path("gestion/facturation/porte-monnaie/<int:user_id>/", views.wallet_top_up, name="top_up"),
    path("gestion/facturation/produits/", views.products, name="products"),
    path("gestion/facturation/produits/<int:product_id>/", views.product_edit, name="product_edit"),
    path("gestion/facturation/facturation-mensuelle/", views.run, name="run"),
    path("gestion/facturation/comptabilite/", views.accounting, name="accounting"),
]
