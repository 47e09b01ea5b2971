import io
import re
from decimal import Decimal

import facturx
from lxml import etree
from pypdf import PdfReader

from comptoir.billing import services
from comptoir.billing.einvoice import build_cii_xml, build_facturx_pdf
from comptoir.billing.models import BillingProfile
from comptoir.billing.services import LineIn
from comptoir.places.tests.factories import association_of

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def _issue(place, entity, user, actor, lines):
    draft = services.invoice_create(place=place, entity=entity, user=user, actor=actor, lines=lines)
    return services.invoice_issue(invoice=draft, actor=actor)


def _lines():
    return [
        LineIn(description="Forfait coworking", quantity=Decimal("1"), unit_price=Decimal("180.00"), vat_rate="20"),
        LineIn(description="Repas", quantity=Decimal("2.5"), unit_price=Decimal("9.90"), vat_rate="10"),
        LineIn(description="Livre", quantity=Decimal("1"), unit_price=Decimal("12.00"), vat_rate="5.5"),
    ]


def test_xml_passes_xsd_for_invoice_credit_note_and_franchise(place, scop, member, admin):
    BillingProfile.objects.create(
        place=place, user=member, is_organisation=True, name="Atelier Lumière", siren="552081317",
        vat_number="FR03552081317", address="3 rue Neuve\n42000 Saint-Étienne",
    )  # fmt: skip
    invoice = _issue(place, scop, member, admin, _lines())
    xml = build_cii_xml(invoice, list(invoice.lines.all()))
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    tree = etree.fromstring(xml)
    assert tree.findtext(".//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", namespaces=NS) == (
        "urn:cen.eu:en16931:2017"
    )
    assert tree.findtext(".//ram:GrandTotalAmount", namespaces=NS) == str(invoice.total_incl_vat)
    assert tree.findtext(".//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", namespaces=NS) == "552081317"
    notes = tree.xpath(".//ram:IncludedNote/ram:Content/text()", namespaces=NS)
    assert any("40 €" in n for n in notes) and any("intérêt légal" in n for n in notes)

    note = services.credit_note_create(invoice=invoice, actor=admin)
    xml = build_cii_xml(note, list(note.lines.all()))
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    tree = etree.fromstring(xml)
    assert tree.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    assert tree.findtext(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", namespaces=NS) == invoice.number

    asso = association_of(place)
    fee = _issue(place, asso, member, admin, _lines()[:1])
    xml = build_cii_xml(fee, list(fee.lines.all()))
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert b"art. 293 B du CGI" in xml and b"<ram:CategoryCode>E</ram:CategoryCode>" in xml
    assert b'<ram:ID schemeID="FC">732829320</ram:ID>' in xml  # BR-E-02: seller tax registration


def test_pdf_is_pdfa3_with_facturx_attachment(place, scop, member, admin):
    invoice = _issue(place, scop, member, admin, _lines())
    pdf = build_facturx_pdf(invoice, list(invoice.lines.all()))
    assert pdf.startswith(b"%PDF")
    metadata = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfaid:part[>=\"']+3", metadata), metadata[:2000]
    assert b"pdfaid:conformance" in metadata
    filename, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml"
    assert facturx.get_level(etree.fromstring(xml)) == "en16931"
    assert etree.fromstring(xml).findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS) == invoice.number
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    for mention in (
        f"Facture n° {invoice.number}",
        "Date d'échéance",
        "SIRET 55208131766522",
        "SIREN 552081317",
        "SCOP SARL au capital de 15 000,00 €",  # French grouping (core.money)
        "RCS Saint-Étienne",
        "FR03552081317",
        "Prix unitaire HT",
        "TVA 20 %",
        "TVA 10 %",
        "TVA 5,5 %",
        "Total TTC",
        "trois fois le taux d'intérêt légal",
        "40 €",
        "Prestation de services",
        "Livre",
    ):
        assert mention in text, f"{mention!r} not in {text}"
