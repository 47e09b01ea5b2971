"""Adhésions whose invoice was paid other than at the association's desk (online, by transfer, from the
wallet) stayed "awaiting payment": billing now tells association when an invoice is settled, and this
marks the ones paid before that as paid."""

from django.db import migrations
from django.db.models import Sum
from django.utils import timezone


def mark_settled_paid(apps, schema_editor):
    Adhesion = apps.get_model("association", "Adhesion")
    Allocation = apps.get_model("billing", "Allocation")
    for adhesion in Adhesion.objects.filter(status="awaiting", invoice__status="issued").select_related("invoice"):
        paid = Allocation.objects.filter(invoice=adhesion.invoice_id).aggregate(s=Sum("amount"))["s"] or 0
        if paid >= adhesion.invoice.total_incl_vat:
            adhesion.status = "paid"
            adhesion.paid_at = timezone.now()
            adhesion.save(update_fields=["status", "paid_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("association", "0001_initial"),
        ("billing", "0007_online_payment_once"),
    ]

    operations = [migrations.RunPython(mark_settled_paid, migrations.RunPython.noop)]
