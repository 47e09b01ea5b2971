"""The local sandbox payment provider: pay online, checkout page, signed return and webhook, idempotence."""

import threading
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import signing
from django.db import connection
from django.urls import reverse

from comptoir.billing import services
from comptoir.billing.models import Payment
from comptoir.billing.providers import CALLBACK_SALT, ManualProvider, SandboxProvider, get_provider, luhn_valid
from comptoir.billing.services import LineIn
from comptoir.billing.services.online import online_payment_confirm
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

GOOD_CARD = "4242 4242 4242 4242"


@pytest.fixture(autouse=True)
def _sandbox(settings):
    settings.BILLING_PAYMENT_PROVIDER = "sandbox"


def _issued(place, entity, member, admin, price="50.00"):
    line = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal(price), vat_rate="20")
    draft = services.invoice_create(place=place, entity=entity, user=member, actor=admin, lines=[line])
    return services.invoice_issue(invoice=draft, actor=admin)


def _checkout_url(client, place, invoice):
    response = client.post(reverse("billing:pay_online", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("billing:sandbox_checkout", kwargs={"place_slug": place.slug}))
    return response.url


def _payload(url: str) -> str:
    return parse_qs(urlparse(url).query)["p"][0]


def test_luhn():
    assert luhn_valid("4242 4242 4242 4242") and luhn_valid("4000-0000-0000-0002") and luhn_valid("5555555555554444")
    assert not luhn_valid("4242 4242 4242 4241")
    assert not luhn_valid("") and not luhn_valid("abcd") and not luhn_valid("0000 0000")


def test_provider_comes_from_settings_with_a_safe_default(settings):
    del settings.BILLING_PAYMENT_PROVIDER
    settings.DEBUG = False
    assert isinstance(get_provider(), ManualProvider)
    settings.DEBUG = True
    assert isinstance(get_provider(), SandboxProvider)
    settings.BILLING_PAYMENT_PROVIDER = "unknown"
    assert isinstance(get_provider(), ManualProvider)


def test_member_pays_online_once_even_when_callbacks_are_replayed(client, place, scop, member, admin):
    invoice = _issued(place, scop, member, admin)
    assert client.login(email=member.email, password=PASSWORD)
    mine = client.get(reverse("billing:mine", kwargs={"place_slug": place.slug})).content.decode()
    assert reverse("billing:pay_online", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk}) in mine
    checkout = _checkout_url(client, place, invoice)
    page = client.get(checkout)
    assert page.status_code == 200 and "60,00" in page.content.decode() and 'for="card"' in page.content.decode()
    # A card number that fails the Luhn check: a clear message, nothing recorded.
    bad = client.post(checkout, {"card": "4242 4242 4242 4241", "action": "pay"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    assert not Payment.objects.exists()
    accepted = client.post(checkout, {"card": GOOD_CARD, "action": "pay"})
    assert accepted.status_code == 302
    payment = Payment.objects.get()
    assert (payment.method, payment.provider, payment.amount) == ("online", "sandbox", Decimal("60.00"))
    assert payment.reference.startswith("SBX-")
    invoice.refresh_from_db()
    assert services.invoice_due(invoice) == 0
    # The return URL and the webhook carry the same signed payload: replaying them records nothing more.
    assert client.get(accepted.url).status_code == 302
    assert client.get(accepted.url).status_code == 302
    webhook = reverse("billing:payment_webhook", kwargs={"place_slug": place.slug, "provider": "sandbox"})
    client.logout()
    for _ in range(2):
        response = client.post(webhook, {"payload": _payload(accepted.url)})
        assert response.status_code == 200 and response.json() == {"status": "recorded", "payment": payment.pk}
    # Paying the same checkout page again is also the same provider payment.
    assert client.post(checkout, {"card": GOOD_CARD, "action": "pay"}).status_code == 302
    assert Payment.objects.count() == 1


def test_declined_payments_record_nothing(client, place, scop, member, admin):
    invoice = _issued(place, scop, member, admin)
    assert client.login(email=member.email, password=PASSWORD)
    checkout = _checkout_url(client, place, invoice)
    declined = client.post(checkout, {"card": "4000 0000 0000 0002", "action": "pay"})
    assert declined.status_code == 302
    assert client.get(declined.url, follow=True).status_code == 200
    cancelled = client.post(checkout, {"card": "", "action": "decline"})
    assert cancelled.status_code == 302
    webhook = reverse("billing:payment_webhook", kwargs={"place_slug": place.slug, "provider": "sandbox"})
    assert client.post(webhook, {"payload": _payload(cancelled.url)}).json() == {"status": "declined"}
    assert not Payment.objects.exists()


def test_forged_or_misplaced_callbacks_are_refused(client, place, scop, member, admin):
    invoice = _issued(place, scop, member, admin)
    webhook = reverse("billing:payment_webhook", kwargs={"place_slug": place.slug, "provider": "sandbox"})
    forged = signing.dumps({"place": place.pk, "user": member.pk, "invoice": invoice.pk, "amount": "60.00",
                            "reference": "SBX-x", "status": "accepted"}, salt="another salt")  # fmt: skip
    response = client.post(webhook, {"payload": forged})
    assert response.status_code == 400 and response.json()["detail"]
    genuine = signing.dumps({"place": place.pk, "user": member.pk, "invoice": invoice.pk, "amount": "60.00",
                             "reference": "SBX-y", "status": "accepted"}, salt=CALLBACK_SALT)  # fmt: skip
    assert client.post(webhook, {"payload": genuine[:-2] + "xx"}).status_code == 400
    elsewhere = PlaceFactory()
    other_webhook = reverse("billing:payment_webhook", kwargs={"place_slug": elsewhere.slug, "provider": "sandbox"})
    assert client.post(other_webhook, {"payload": genuine}).status_code == 400
    returned = client.get(reverse("billing:payment_return", kwargs={"place_slug": place.slug}), {"p": forged})
    assert returned.status_code == 400
    bad_token = client.get(reverse("billing:sandbox_checkout", kwargs={"place_slug": place.slug}), {"t": "nope"})
    assert bad_token.status_code == 400
    manual = reverse("billing:payment_webhook", kwargs={"place_slug": place.slug, "provider": "manual"})
    assert client.post(manual).status_code == 404
    assert not Payment.objects.exists()


def test_only_the_invoice_member_starts_an_online_payment(client, place, scop, member, admin):
    invoice = _issued(place, scop, member, admin)
    assert client.login(email=member_of(place).email, password=PASSWORD)
    url = reverse("billing:pay_online", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})
    assert client.post(url).status_code == 404


def test_manual_provider_has_no_online_payment(client, settings, place, scop, member, admin):
    settings.BILLING_PAYMENT_PROVIDER = "manual"
    invoice = _issued(place, scop, member, admin)
    assert client.login(email=member.email, password=PASSWORD)
    mine = client.get(reverse("billing:mine", kwargs={"place_slug": place.slug}))
    assert "payer-en-ligne" not in mine.content.decode()
    url = reverse("billing:pay_online", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})
    response = client.post(url)
    assert response.status_code == 302 and "paiement" not in response.url
    checkout = reverse("billing:sandbox_checkout", kwargs={"place_slug": place.slug})
    assert client.get(checkout).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_simultaneous_callbacks_record_one_payment(settings):
    settings.BILLING_PDF_ON_ISSUE = False
    place = PlaceFactory()
    entity = LegalEntityFactory(place=place)
    admin = member_of(place, "admin")
    member = member_of(place)
    invoice = _issued(place, entity, member, admin)
    barrier = threading.Barrier(3)
    results, errors = [], []

    def confirm():
        try:
            barrier.wait(timeout=30)
            results.append(online_payment_confirm(place=place, provider="sandbox", reference="SBX-race",
                                                  invoice_id=invoice.pk, user_id=member.pk,
                                                  amount=Decimal("60.00")).pk)  # fmt: skip
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(set(results)) == 1
    assert Payment.objects.filter(reference="SBX-race").count() == 1
