"""Tamper evidence: each issued document's hash covers its content and the previous hash of its entity."""

from __future__ import annotations

import hashlib
import json

from comptoir.billing.models import Invoice, NumberSequence


def invoice_payload(invoice, lines) -> dict:
    buyer = [invoice.buyer_name, invoice.buyer_siren, invoice.buyer_vat_number, invoice.buyer_address]
    structured = [invoice.buyer_street, invoice.buyer_postal_code, invoice.buyer_city, invoice.buyer_country]
    if any(structured):  # documents issued before the structured address keep their original payload
        buyer += structured
    return {
        "entity": invoice.entity_id,
        "kind": invoice.kind,
        "number": invoice.number,
        "issue_date": invoice.issue_date.isoformat() if invoice.issue_date else "",
        "credited": invoice.credited_invoice.number if invoice.credited_invoice_id else "",
        "buyer": buyer,
        "totals": [str(invoice.total_excl_vat), str(invoice.total_vat), str(invoice.total_incl_vat)],
        "lines": [
            [ln.description, str(ln.quantity), str(ln.unit_price), ln.vat_rate, str(ln.total_excl_vat)] for ln in lines
        ],
    }


def invoice_hash(invoice, lines, previous_hash: str) -> str:
    payload = json.dumps(invoice_payload(invoice, lines), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous_hash}|{payload}".encode()).hexdigest()


def verify_entity_chain(entity) -> list[str]:
    """Problems found in the entity's chain of issued documents (empty when intact)."""
    problems: list[str] = []
    documents = (
        Invoice.objects.filter(entity=entity)
        .exclude(status=Invoice.Status.DRAFT)
        .select_related("credited_invoice")
        .prefetch_related("lines")
        .order_by("chain_index")
    )
    previous = ""
    expected_sequence: dict[str, int] = {}
    for index, document in enumerate(documents, start=1):
        series = document.kind
        expected = expected_sequence.get(series, 0) + 1
        if document.sequence != expected:
            problems.append(f"{document.number}: sequence {document.sequence}, expected {expected}")
        expected_sequence[series] = document.sequence or expected
        if document.previous_hash != previous:
            problems.append(f"{document.number}: previous hash does not match the document before it")
        if invoice_hash(document, list(document.lines.all()), document.previous_hash) != document.hash:
            problems.append(f"{document.number}: content does not match its hash")
        if document.chain_index != index:
            problems.append(f"{document.number}: chain position {document.chain_index}, expected {index}")
        previous = document.hash
    last = NumberSequence.objects.filter(entity=entity, series="chain").first()
    if last is not None and last.last_hash != previous:
        problems.append("the last issued document is missing or altered")
    return problems
