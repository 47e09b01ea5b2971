"""Factur-X: the CII XML (EN 16931 profile) built with lxml, and the PDF/A-3 that carries it.

The ``factur-x`` package checks the XML against its XSD when embedding it
(``facturx.generate_from_binary``); a wrong structure fails loudly instead of shipping.
"""

from __future__ import annotations

from decimal import Decimal

import facturx
from django.template.loader import render_to_string
from django.utils import translation
from lxml import etree

from comptoir.billing import conf
from comptoir.billing.totals import VAT_RATES
from comptoir.core.money import format_money

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
EN16931 = "urn:cen.eu:en16931:2017"

TYPE_CODES = {"invoice": "380", "credit_note": "381"}


def _el(parent, tag: str, text=None, **attrs):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", **attrs)
    if text is not None:
        element.text = str(text)
    return element


def _date(parent, tag: str, value) -> None:
    holder = _el(parent, tag)
    _el(holder, "udt:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _split_address(text: str) -> tuple[str, str, str]:
    """(line one, postcode, city) from a free address: the last line holds "42000 Saint-Étienne"."""
    lines = [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]
    if not lines:
        return "", "", ""
    last = lines[-1].split(" ", 1)
    if len(last) == 2 and last[0].isdigit():
        return " ".join(lines[:-1]), last[0], last[1]
    return " ".join(lines), "", ""


def _party(
    parent, tag: str, *, name, siren="", vat_number="", street="", postcode="", city="", country="FR", fiscal_id=""
):
    party = _el(parent, tag)
    _el(party, "ram:Name", name)
    if siren:
        legal = _el(party, "ram:SpecifiedLegalOrganization")
        _el(legal, "ram:ID", siren, schemeID="0002")
    address = _el(party, "ram:PostalTradeAddress")
    if postcode:
        _el(address, "ram:PostcodeCode", postcode)
    if street:
        _el(address, "ram:LineOne", street)
    if city:
        _el(address, "ram:CityName", city)
    _el(address, "ram:CountryID", country or "FR")
    if vat_number:
        registration = _el(party, "ram:SpecifiedTaxRegistration")
        _el(registration, "ram:ID", vat_number, schemeID="VA")
    elif fiscal_id:
        # BT-32, seller tax registration: required by BR-E-02/BR-Z-02 when the seller has no VAT number.
        registration = _el(party, "ram:SpecifiedTaxRegistration")
        _el(registration, "ram:ID", fiscal_id, schemeID="FC")
    return party


def exemption_reason(invoice, rate: str) -> str:
    if invoice.seller.get("vat_exempt"):
        return conf.FRANCHISE_TEXT
    return "Exonération de TVA"


def legal_notes(invoice) -> list[tuple[str, str]]:
    """(subject code, text) of the mentions French law asks for (UNTDID 4451 subject codes)."""
    notes = [
        ("PMD", f"{conf.LATE_PENALTY_TEXT}."),
        ("PMT", f"{conf.RECOVERY_FEE_TEXT}."),
        ("AAB", "Pas d'escompte pour paiement anticipé."),
    ]
    seller = invoice.seller
    identity = [seller.get("name", ""), seller.get("legal_form", "")]
    if seller.get("share_capital"):
        identity.append(f"au capital de {format_money(seller['share_capital'], language='fr')}")
    if seller.get("registry"):
        identity.append(seller["registry"])
    notes.append(("REG", ", ".join(p for p in identity if p)))
    if seller.get("vat_exempt"):
        notes.append(("AAI", conf.FRANCHISE_TEXT))
    if invoice.note:
        notes.append(("AAI", invoice.note))
    return notes


def build_cii_xml(invoice, lines) -> bytes:
    """The CII XML of an issued invoice or credit note, EN 16931 profile."""
    seller = invoice.seller
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = _el(root, "rsm:ExchangedDocumentContext")
    guideline = _el(context, "ram:GuidelineSpecifiedDocumentContextParameter")
    _el(guideline, "ram:ID", EN16931)

    document = _el(root, "rsm:ExchangedDocument")
    _el(document, "ram:ID", invoice.number)
    _el(document, "ram:TypeCode", TYPE_CODES[invoice.kind])
    _date(document, "ram:IssueDateTime", invoice.issue_date)
    for code, text in legal_notes(invoice):
        note = _el(document, "ram:IncludedNote")
        _el(note, "ram:Content", text)
        _el(note, "ram:SubjectCode", code)

    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    exempt = bool(seller.get("vat_exempt"))
    for index, line in enumerate(lines, start=1):
        rate = "exempt" if exempt else line.vat_rate
        item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", index)
        _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.description)
        agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
        _el(_el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", _amount(line.unit_price))
        delivery = _el(item, "ram:SpecifiedLineTradeDelivery")
        _el(delivery, "ram:BilledQuantity", _quantity(line.quantity), unitCode="C62")
        settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:TypeCode", "VAT")
        _el(tax, "ram:CategoryCode", VAT_RATES[rate][1])
        _el(tax, "ram:RateApplicablePercent", _quantity(VAT_RATES[rate][0]))
        summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        _el(summation, "ram:LineTotalAmount", _amount(line.total_excl_vat))

    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _party(
        agreement,
        "ram:SellerTradeParty",
        name=seller["name"],
        siren=seller.get("siren", ""),
        vat_number=seller.get("vat_number", ""),
        street=seller.get("street", ""),
        postcode=seller.get("postal_code", ""),
        city=seller.get("city", ""),
        country=seller.get("country", "FR"),
        fiscal_id=seller.get("siren", ""),
    )
    if invoice.buyer_postal_code:
        street = " ".join(line.strip() for line in invoice.buyer_street.splitlines() if line.strip())
        postcode, city = invoice.buyer_postal_code, invoice.buyer_city
    else:  # issued before the structured address: read it from the printed text
        street, postcode, city = _split_address(invoice.buyer_address)
    _party(
        agreement,
        "ram:BuyerTradeParty",
        name=invoice.buyer_name,
        siren=invoice.buyer_siren if invoice.buyer_is_organisation else "",
        vat_number=invoice.buyer_vat_number,
        street=street,
        postcode=postcode,
        city=city,
        country=invoice.buyer_country or "FR",
    )
    delivery = _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    if invoice.service_end:
        event = _el(delivery, "ram:ActualDeliverySupplyChainEvent")
        _date(event, "ram:OccurrenceDateTime", invoice.service_end)

    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:InvoiceCurrencyCode", "EUR")
    for group in invoice.vat_breakdown:
        rate = group["rate"]
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:CalculatedAmount", group["vat"])
        _el(tax, "ram:TypeCode", "VAT")
        if VAT_RATES[rate][1] == "E":
            _el(tax, "ram:ExemptionReason", exemption_reason(invoice, rate))
        _el(tax, "ram:BasisAmount", group["base"])
        _el(tax, "ram:CategoryCode", VAT_RATES[rate][1])
        if VAT_RATES[rate][1] == "E" and exempt:
            _el(tax, "ram:ExemptionReasonCode", "VATEX-FR-FRANCHISE")
        _el(tax, "ram:RateApplicablePercent", _quantity(VAT_RATES[rate][0]))
    if invoice.service_start and invoice.service_end:
        period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", invoice.service_start)
        _date(period, "ram:EndDateTime", invoice.service_end)
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", f"Paiement à réception, au plus tard le {invoice.due_date:%d/%m/%Y}.")
    _date(terms, "ram:DueDateDateTime", invoice.due_date)
    summation = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(invoice.total_excl_vat))
    _el(summation, "ram:TaxBasisTotalAmount", _amount(invoice.total_excl_vat))
    _el(summation, "ram:TaxTotalAmount", _amount(invoice.total_vat), currencyID="EUR")
    _el(summation, "ram:GrandTotalAmount", _amount(invoice.total_incl_vat))
    _el(summation, "ram:DuePayableAmount", _amount(invoice.total_incl_vat))
    if invoice.credited_invoice_id:
        referenced = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(referenced, "ram:IssuerAssignedID", invoice.credited_invoice.number)
        holder = _el(referenced, "ram:FormattedIssueDateTime")
        _el(holder, "qdt:DateTimeString", invoice.credited_invoice.issue_date.strftime("%Y%m%d"), format="102")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def invoice_context(invoice, lines) -> dict:
    groups = [
        {"rate": g["rate"], "percent": VAT_RATES[g["rate"]][0], "base": Decimal(g["base"]), "vat": Decimal(g["vat"])}
        for g in invoice.vat_breakdown
    ]
    return {
        "invoice": invoice,
        "seller": invoice.seller,
        "lines": lines,
        "groups": groups,
        "notes": legal_notes(invoice),
        "conf": conf,
        "share_capital": Decimal(invoice.seller["share_capital"]) if invoice.seller.get("share_capital") else None,
    }


def invoice_html(invoice, lines) -> str:
    """The HTML the PDF is made from: in French (words, dates, amounts) whatever the issuer's language."""
    with translation.override("fr"):
        return render_to_string("billing/invoice_pdf.html", invoice_context(invoice, lines))


def render_visual_pdf(invoice, lines) -> bytes:
    """The human-readable PDF/A-3b, in French."""
    from weasyprint import HTML

    return HTML(string=invoice_html(invoice, lines)).write_pdf(pdf_variant="pdf/a-3b")


def build_facturx_pdf(invoice, lines) -> bytes:
    """PDF/A-3 with ``factur-x.xml`` embedded (XSD-checked by the factur-x package)."""
    xml = build_cii_xml(invoice, lines)
    pdf = render_visual_pdf(invoice, lines)
    kind = "Avoir" if invoice.is_credit_note else "Facture"
    metadata = {
        "author": invoice.seller.get("name", ""),
        "keywords": "Factur-X",
        "title": f"{kind} {invoice.number}",
        "subject": f"{kind} {invoice.number} - {invoice.buyer_name}",
    }
    return facturx.generate_from_binary(
        pdf, xml, flavor="factur-x", level="en16931", pdf_metadata=metadata, lang="fr-FR"
    )
