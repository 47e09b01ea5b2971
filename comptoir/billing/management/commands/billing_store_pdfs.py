"""Make and store the PDFs that issued invoices do not have yet (after a billing run, or older invoices)."""

from django.core.management.base import BaseCommand, CommandError

from comptoir.billing.services.documents import invoice_pdf_store, invoices_without_pdf
from comptoir.places.models import Place


class Command(BaseCommand):
    help = "Store the PDF of every issued invoice and credit note that has none yet."

    def add_arguments(self, parser):
        parser.add_argument("--place", help="place slug (default: every place)")
        parser.add_argument("--limit", type=int, default=None)

    def handle(self, *args, place=None, limit=None, **options):
        scope = None
        if place:
            scope = Place.objects.filter(slug=place).first()
            if scope is None:
                raise CommandError(f"Unknown place {place!r}")
        ids = list(invoices_without_pdf(place=scope).values_list("pk", flat=True)[:limit])
        for done, invoice_id in enumerate(ids, start=1):
            invoice_pdf_store(invoice_id=invoice_id)
            if done % 100 == 0:
                self.stdout.write(f"{done}/{len(ids)}")
        self.stdout.write(f"{len(ids)} PDF(s) stored.")
