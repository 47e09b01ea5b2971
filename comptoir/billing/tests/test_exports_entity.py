"""The invoices and payments CSV exports keep to the legal entity chosen on the accounting page, as the FEC does."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from comptoir.billing import services
from comptoir.billing.models import Charge
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import association_of


def _invoice_and_pay(place, entity, user, admin):
    Charge.objects.create(place=place, entity=entity, user=user, source_type="test", source_id=str(entity.pk),
                          description="Salle", quantity=1, unit_price=Decimal("10.00"), vat_rate="exempt",
                          service_date=services.today_in(place))  # fmt: skip
    invoice = services.invoice_create_from_charges(place=place, entity=entity, user=user, actor=admin, issue=True)
    services.payment_record(place=place, user=user, method="cash", amount=invoice.total_incl_vat, actor=admin,
                            invoices=[invoice])  # fmt: skip
    return invoice


def test_csv_exports_keep_to_the_chosen_entity(client, place, scop, admin):
    asso = association_of(place)
    member = member_of(place)
    ours = _invoice_and_pay(place, scop, member, admin)
    theirs = _invoice_and_pay(place, asso, member, admin)
    client.force_login(admin)
    today = services.today_in(place)
    url = reverse("billing:accounting", kwargs={"place_slug": place.slug})
    query = {"entity": scop.pk, "start": (today - dt.timedelta(days=1)).isoformat(), "end": today.isoformat()}
    invoices = client.get(url, {**query, "export": "invoices"}).content.decode()
    assert ours.number in invoices and asso.name not in invoices and invoices.count("\n") == 2
    payments = client.get(url, {**query, "export": "payments"}).content.decode()
    assert scop.name in payments and asso.name not in payments and payments.count("\n") == 2
    assert theirs.entity == asso
