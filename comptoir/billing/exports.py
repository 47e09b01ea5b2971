"""Exports for the accountant: the FEC (art. A47 A-1 du LPF) and CSV lists of invoices and payments."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from comptoir.billing.models import Invoice, JournalEntry, Payment
from comptoir.billing.services.accounting import JOURNALS

FEC_COLUMNS = [
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
    "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
    "ValidDate", "Montantdevise", "Idevise",
]  # fmt: skip
FEC_ENCODING = "iso-8859-15"


def _fec_date(value: dt.date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _fec_amount(value: Decimal) -> str:
    # Files for programs, not for reading: never core.money.format_money (no currency sign, no grouping
    # spaces, whatever the page's language). The FEC requires the decimal comma (art. A47 A-1 du LPF);
    # the CSV lists below use the same plain "1234,50" with ";" separators, which a French spreadsheet
    # or accounting import reads as a number (a dot would be read as text or a date there).
    return f"{value:.2f}".replace(".", ",")


def _fec_text(value: str) -> str:
    # No separator or line break may appear inside a field.
    return " ".join(str(value or "").replace("\t", " ").replace("|", " ").split())


def fec_filename(entity, end: dt.date) -> str:
    return f"{entity.siren or 'SANSSIREN'}FEC{end:%Y%m%d}.txt"


def fec_entries(*, place, entity, start: dt.date, end: dt.date):
    return (
        JournalEntry.objects.filter(place=place, entity=entity, date__gte=start, date__lte=end)
        .prefetch_related("lines")
        .order_by("validated_on", "journal", "number")
    )


def fec_export(*, place, entity, start: dt.date, end: dt.date) -> tuple[str, bytes]:
    """(file name, content) of the FEC of ``entity`` for the financial year ``start``–``end``."""
    rows = ["\t".join(FEC_COLUMNS)]
    for entry in fec_entries(place=place, entity=entity, start=start, end=end):
        for line in entry.lines.all():
            rows.append(
                "\t".join(
                    [
                        entry.journal,
                        JOURNALS.get(entry.journal, entry.journal),
                        f"{entry.journal}{entry.number:06d}",
                        _fec_date(entry.date),
                        line.account,
                        _fec_text(line.account_label),
                        line.aux_account,
                        _fec_text(line.aux_label),
                        _fec_text(entry.piece_ref),
                        _fec_date(entry.piece_date),
                        _fec_text(line.label),
                        _fec_amount(line.debit),
                        _fec_amount(line.credit),
                        "",
                        "",
                        _fec_date(entry.validated_on),
                        "",
                        "",
                    ]
                )
            )
    content = ("\r\n".join(rows) + "\r\n").encode(FEC_ENCODING, errors="replace")
    return fec_filename(entity, end), content


def invoices_csv(*, place, start: dt.date, end: dt.date, entity=None) -> str:
    """The issued invoices and credit notes of the period (of ``entity`` only, when given)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["entite", "type", "numero", "date", "echeance", "client", "siren_client", "total_ht",
                     "tva", "total_ttc", "statut", "facture_d_origine"])  # fmt: skip
    invoices = (
        Invoice.objects.filter(place=place, issue_date__gte=start, issue_date__lte=end)
        .exclude(status=Invoice.Status.DRAFT)
        .select_related("entity", "credited_invoice")
        .order_by("entity_id", "kind", "sequence")
    )
    if entity is not None:
        invoices = invoices.filter(entity=entity)
    for inv in invoices:
        writer.writerow([
            inv.entity.name, inv.get_kind_display(), inv.number, inv.issue_date.isoformat(),
            inv.due_date.isoformat() if inv.due_date else "", inv.buyer_name, inv.buyer_siren,
            _fec_amount(inv.total_excl_vat), _fec_amount(inv.total_vat), _fec_amount(inv.total_incl_vat),
            inv.get_status_display(), inv.credited_invoice.number if inv.credited_invoice_id else "",
        ])  # fmt: skip
    return out.getvalue()


def payments_csv(*, place, start: dt.date, end: dt.date, entity=None) -> str:
    """The payments received in the period (by ``entity`` only, when given)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["entite", "date", "membre", "moyen", "montant", "remboursement", "reference", "mandat_sepa",
                     "code_pass", "factures"])  # fmt: skip
    payments = (
        Payment.objects.filter(place=place, received_on__gte=start, received_on__lte=end)
        .select_related("entity", "user")
        .prefetch_related("allocations__invoice")
        .order_by("received_on", "pk")
    )
    if entity is not None:
        payments = payments.filter(entity=entity)
    for p in payments:
        writer.writerow([
            p.entity.name, p.received_on.isoformat(), p.user.display_name, p.get_method_display(),
            _fec_amount(p.amount), "oui" if p.is_refund else "non", p.reference, p.mandate_reference,
            p.voucher_code, " ".join(a.invoice.number for a in p.allocations.all()),
        ])  # fmt: skip
    return out.getvalue()
