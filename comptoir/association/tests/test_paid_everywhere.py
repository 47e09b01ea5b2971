"""Paying an adhésion's invoice by any means makes it paid at once, everywhere; a fee is never asked twice."""

import html

import pytest
from django.urls import reverse

from comptoir.association import selectors, services
from comptoir.association.models import Adhesion
from comptoir.association.tests.factories import FeeSchemeFactory
from comptoir.billing import services as billing
from comptoir.billing.services.online import online_payment_confirm
from comptoir.billing.services.payments import wallet_top_up
from comptoir.core.errors import Conflict
from comptoir.people.tests.factories import PASSWORD, member_of


@pytest.fixture
def scheme(place):
    return FeeSchemeFactory(place=place)


def _awaiting(place, scheme, member):
    return services.adhesion_join(place=place, user=member, scheme=scheme, actor=member, on=billing.today_in(place))


def _assert_paid_everywhere(client, place, adhesion):
    adhesion.refresh_from_db()
    assert adhesion.status == Adhesion.Status.PAID and adhesion.paid_at is not None
    assert selectors.is_up_to_date(place=place, user=adhesion.user, on=billing.today_in(place))
    host = member_of(place, "host")
    assert client.login(email=host.email, password=PASSWORD)
    staff = client.get(reverse("association:adhesions", kwargs={"place_slug": place.slug})).content.decode()
    pay = reverse("association:adhesion_pay", kwargs={"place_slug": place.slug, "adhesion_id": adhesion.pk})
    assert pay not in staff
    client.logout()
    assert client.login(email=adhesion.user.email, password=PASSWORD)
    assert client.get(reverse("association:card", kwargs={"place_slug": place.slug})).status_code == 200
    client.logout()


def test_paid_online_is_paid_everywhere(client, place, scheme):
    member = member_of(place)
    adhesion = _awaiting(place, scheme, member)
    online_payment_confirm(place=place, provider="sandbox", reference="sbx-1", invoice_id=adhesion.invoice_id,
                           user_id=member.pk, amount=adhesion.amount)  # fmt: skip
    _assert_paid_everywhere(client, place, adhesion)


def test_paid_by_a_payment_without_named_invoice_api_style(client, place, scheme):
    member = member_of(place)
    host = member_of(place, "host")
    adhesion = _awaiting(place, scheme, member)
    # The API's "record a payment" settles the member's oldest open invoices of the entity.
    billing.payment_record(place=place, user=member, method="transfer", amount=adhesion.amount, actor=host,
                           entity=scheme.entity)  # fmt: skip
    _assert_paid_everywhere(client, place, adhesion)


def test_paid_from_the_wallet(client, place, scheme):
    member = member_of(place)
    host = member_of(place, "host")
    adhesion = _awaiting(place, scheme, member)
    wallet_top_up(place=place, user=member, method="cash", amount="50.00", actor=host, entity=scheme.entity)
    billing.wallet_pay_invoice(invoice=adhesion.invoice, actor=host)
    _assert_paid_everywhere(client, place, adhesion)


def test_partly_paid_stays_awaiting(place, scheme):
    member = member_of(place)
    host = member_of(place, "host")
    adhesion = _awaiting(place, scheme, member)
    billing.payment_record(place=place, user=member, method="cash", amount="5.00", actor=host,
                           invoices=[adhesion.invoice])  # fmt: skip
    adhesion.refresh_from_db()
    assert adhesion.status == Adhesion.Status.AWAITING_PAYMENT


def test_desk_payment_of_an_invoice_paid_online_asks_nothing_more(place, scheme):
    member = member_of(place)
    host = member_of(place, "host")
    adhesion = _awaiting(place, scheme, member)
    online_payment_confirm(place=place, provider="sandbox", reference="sbx-2", invoice_id=adhesion.invoice_id,
                           user_id=member.pk, amount=adhesion.amount)  # fmt: skip
    with pytest.raises(Conflict):
        services.adhesion_record_payment(adhesion=adhesion, method="cash", actor=host)
    assert billing.invoice_due(adhesion.invoice) == 0
    assert adhesion.invoice.allocations.count() == 1


def test_joining_again_while_a_fee_awaits_payment_is_refused(place, scheme):
    member = member_of(place)
    _awaiting(place, scheme, member)
    with pytest.raises(Conflict):
        _awaiting(place, scheme, member)
    assert Adhesion.objects.filter(user=member).count() == 1


def test_member_page_offers_online_payment_not_the_desk(client, place, scheme, settings):
    settings.BILLING_PAYMENT_PROVIDER = "sandbox"
    member = member_of(place)
    adhesion = _awaiting(place, scheme, member)
    assert client.login(email=member.email, password=PASSWORD)
    page = client.get(reverse("association:mine", kwargs={"place_slug": place.slug})).content.decode()
    assert reverse("billing:pay_online", kwargs={"place_slug": place.slug, "invoice_id": adhesion.invoice_id}) in page
    assert "Régler mon adhésion en ligne" in page and "Réglez-la à l'accueil" not in html.unescape(page)
    # The join form is not offered again while the fee awaits payment.
    assert 'name="scheme"' not in page


def test_member_page_says_the_desk_when_payment_is_offline(client, place, scheme, settings):
    settings.BILLING_PAYMENT_PROVIDER = "manual"
    member = member_of(place)
    _awaiting(place, scheme, member)
    assert client.login(email=member.email, password=PASSWORD)
    page = client.get(reverse("association:mine", kwargs={"place_slug": place.slug})).content.decode()
    assert "Régler mon adhésion en ligne" not in page and "Réglez-la à l'accueil" in html.unescape(page)


def test_joined_email_offers_online_payment(place, scheme, settings, django_capture_on_commit_callbacks):
    from django.core import mail

    settings.BILLING_PAYMENT_PROVIDER = "sandbox"
    member = member_of(place)
    with django_capture_on_commit_callbacks(execute=True):
        _awaiting(place, scheme, member)
    assert "en ligne depuis votre espace membre" in mail.outbox[-1].body


def test_settled_before_the_hook_is_marked_paid_at_the_desk_without_a_new_payment(place, scheme):
    member = member_of(place)
    host = member_of(place, "host")
    adhesion = _awaiting(place, scheme, member)
    billing.payment_record(place=place, user=member, method="transfer", amount=adhesion.amount, actor=host,
                           invoices=[adhesion.invoice])  # fmt: skip
    Adhesion.objects.filter(pk=adhesion.pk).update(status=Adhesion.Status.AWAITING_PAYMENT, paid_at=None)
    services.adhesion_record_payment(adhesion=adhesion, method="cash", actor=host)
    adhesion.refresh_from_db()
    assert adhesion.status == Adhesion.Status.PAID and adhesion.invoice.allocations.count() == 1


def test_billing_knows_which_providers_are_online():
    from comptoir.billing.providers import PROVIDERS
    from comptoir.billing.selectors import ONLINE_PROVIDERS

    assert ONLINE_PROVIDERS == {name for name, provider in PROVIDERS.items() if provider.is_online}
