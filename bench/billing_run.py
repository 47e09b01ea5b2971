"""Billing benchmark: the monthly billing run for N members, and the cost of one Factur-X PDF.

    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench \
        .venv/bin/python bench/billing_run.py --members 2000 --pdfs 10

Seeds (once) a place with a Scop and N members; each run seeds, for the next unbilled month, a
subscription charge and one to three booking charges per member, then times ``billing_run``
(invoices per second, one transaction per invoice with numbering, hash chain and journal entry).
Then it times the Factur-X PDF of a few invoices (WeasyPrint PDF/A-3 + CII XML + factur-x embedding
with its XSD check) next to WeasyPrint rendering the same template alone, and prints the ratio; then
the cost of storing that PDF once (``invoice_pdf_store``: render, SHA-256, write to MEDIA storage,
one row) and of serving it afterwards (``invoice_pdf_read``: read and check the SHA-256).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comptoir.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from comptoir.billing.einvoice import build_facturx_pdf, render_visual_pdf  # noqa: E402
from comptoir.billing.models import BillingRun, Charge, Invoice  # noqa: E402
from comptoir.billing.services.documents import invoice_pdf_read, invoice_pdf_store  # noqa: E402
from comptoir.billing.services.run import billing_run, period_bounds  # noqa: E402
from comptoir.people.models import Membership, User  # noqa: E402
from comptoir.places.models import LegalEntity, Place  # noqa: E402

SLUG = "bench-facturation"


@transaction.atomic
def seed(members: int) -> tuple[Place, LegalEntity, list[User]]:
    defaults = {"name": "Lieu de mesure (facturation)", "postal_code": "42000", "city": "Saint-Étienne"}
    place, _ = Place.objects.get_or_create(slug=SLUG, defaults=defaults)
    entity = LegalEntity.objects.filter(place=place).first() or LegalEntity.objects.create(
        place=place, kind="cooperative", name="Scop de mesure", legal_form="SCOP SARL", siret="55208131766522",
        vat_number="FR03552081317", is_primary=True, invoice_prefix="COOP",
    )  # fmt: skip
    existing = Membership.objects.filter(place=place).count()
    if existing < members:
        users = User.objects.bulk_create(
            User(email=f"bench-billing{n}@example.org", display_name=f"Membre {n:05d}", password="!")
            for n in range(existing, members)
        )
        Membership.objects.bulk_create(
            Membership(place=place, user=u, status="active", approved_at=timezone.now()) for u in users
        )
    users = list(User.objects.filter(memberships__place=place).order_by("pk")[:members])
    return place, entity, users


def next_period(place) -> str:
    last = BillingRun.objects.filter(place=place).order_by("-period").first()
    if last is None:
        return "2030-01"
    year, month = map(int, last.period.split("-"))
    return f"{year + (month == 12)}-{month % 12 + 1:02d}"


@transaction.atomic
def seed_charges(place, entity, users, period: str) -> int:
    start, end = period_bounds(period)
    charges = []
    for i, user in enumerate(users):
        charges.append(Charge(place=place, entity=entity, user=user, source_type="bench.subscription",
                              source_id=f"{user.pk}:{period}", description=f"Forfait coworking {period}",
                              quantity=Decimal("1"), unit_price=Decimal("150.00"), vat_rate="20",
                              service_date=start))  # fmt: skip
        for b in range(1 + i % 3):
            charges.append(Charge(place=place, entity=entity, user=user, source_type="bench.booking",
                                  source_id=f"{user.pk}:{period}:{b}", description="Salle de réunion",
                                  quantity=Decimal("2.5"), unit_price=Decimal("20.00"), vat_rate="20",
                                  service_date=start.replace(day=10 + b)))  # fmt: skip
    Charge.objects.bulk_create(charges)
    return len(charges)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--pdfs", type=int, default=10)
    args = parser.parse_args()
    place, entity, users = seed(args.members)
    period = next_period(place)
    count = seed_charges(place, entity, users, period)
    print(f"Seeded {count} charges for {len(users)} members, period {period}")

    def progress(run):
        if run.done_groups % 250 == 0 or run.done_groups == run.total_groups:
            print(f"  {run.done_groups}/{run.total_groups}", flush=True)

    started = time.perf_counter()
    run = billing_run(place=place, period=period, actor=None, progress=progress)
    elapsed = time.perf_counter() - started
    per_invoice = 1000 * elapsed / max(run.invoices_created, 1)
    print(f"Billing run: {run.invoices_created} invoices in {elapsed:.1f} s "
          f"= {run.invoices_created / elapsed:.1f} invoices/s ({per_invoice:.1f} ms each)")  # fmt: skip
    rerun_started = time.perf_counter()
    again = billing_run(place=place, period=period, actor=None)
    print(f"Rerun of the same period: {again.invoices_created - run.invoices_created} new invoices "
          f"in {time.perf_counter() - rerun_started:.2f} s")  # fmt: skip

    invoices = list(Invoice.objects.filter(place=place, billing_period=period).order_by("sequence")[: args.pdfs])
    full, alone = [], []
    if invoices:  # warm up fonts and templates once, outside the measures
        build_facturx_pdf(invoices[0], list(invoices[0].lines.all()))
    for invoice in invoices:
        lines = list(invoice.lines.all())
        t = time.perf_counter()
        render_visual_pdf(invoice, lines)
        alone.append(time.perf_counter() - t)
        t = time.perf_counter()
        build_facturx_pdf(invoice, lines)
        full.append(time.perf_counter() - t)
    if invoices:
        p_full, p_alone = statistics.median(full), statistics.median(alone)
        print(f"Factur-X PDF (WeasyPrint PDF/A-3 + CII XML + embedding, XSD checked): median {1000 * p_full:.0f} ms")
        print(f"WeasyPrint alone, same template:                                 median {1000 * p_alone:.0f} ms")
        print(f"Ratio Factur-X / WeasyPrint alone: {p_full / p_alone:.2f}")
        stored, served = [], []
        for invoice in invoices:
            t = time.perf_counter()
            invoice_pdf_store(invoice_id=invoice.pk)
            stored.append(time.perf_counter() - t)
            t = time.perf_counter()
            invoice_pdf_read(invoice=invoice)
            served.append(time.perf_counter() - t)
        p_stored, p_served = 1000 * statistics.median(stored), 1000 * statistics.median(served)
        print(f"Stored once (render + SHA-256 + file + row), first download: median {p_stored:.0f} ms")
        print(f"Later downloads (stored bytes, SHA-256 checked):             median {p_served:.1f} ms")


if __name__ == "__main__":
    main()
