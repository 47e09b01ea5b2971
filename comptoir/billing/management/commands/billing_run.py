"""Run (or resume) the monthly billing of a place: ``manage.py billing_run --place au-comptoir --period 2026-11``."""

from django.core.management.base import BaseCommand, CommandError

from comptoir.billing.services.run import billing_run
from comptoir.core.errors import ServiceError
from comptoir.core.money import format_money
from comptoir.places.selectors import place_get_by_slug


class Command(BaseCommand):
    help = "Invoice the period's uninvoiced charges, one invoice per member and legal entity. Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("--place", required=True)
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument(
            "--confirm-past", action="store_true", help="invoice a period that ended more than three months ago"
        )

    def handle(self, *args, place, period, confirm_past=False, **options):
        target = place_get_by_slug(slug=place)
        if target is None:
            raise CommandError(f"Unknown place {place}")

        def progress(run):
            self.stdout.write(
                f"\r{run.done_groups}/{run.total_groups} groups, {run.invoices_created} invoices", ending=""
            )
            self.stdout.flush()

        try:
            run = billing_run(place=target, period=period, actor=None, progress=progress, confirm_past=confirm_past)
        except ServiceError as error:
            raise CommandError(str(error.message))
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Period {run.period}: {run.invoices_created} invoices, {format_money(run.amount_invoiced)} incl. VAT "
                f"({run.done_groups} member/entity groups)."
            )
        )
