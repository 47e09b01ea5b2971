import datetime as dt

from django.urls import reverse

from comptoir.association import selectors, services
from comptoir.association.models import Adhesion
from comptoir.association.tests.factories import FeeSchemeFactory
from comptoir.billing.services import today_in
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_member_pays_at_desk_and_downloads_invoice(client, place):
    scheme = FeeSchemeFactory(place=place)
    host = member_of(place, "host")
    member = member_of(place)
    _login(client, host)
    url = reverse("association:adhesions", kwargs={"place_slug": place.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"member": member.pk, "scheme": scheme.pk, "payment_method": "card"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert selectors.is_up_to_date(place=place, user=member, on=today_in(place))
    adhesion = Adhesion.objects.get()
    client.logout()
    _login(client, member)
    page = client.get(reverse("association:mine", kwargs={"place_slug": place.slug})).content.decode()
    assert adhesion.invoice.number in page
    card = client.get(reverse("association:card", kwargs={"place_slug": place.slug}))
    assert card.status_code == 200 and b"<svg" in card.content
    card_pdf = client.get(reverse("association:card_pdf", kwargs={"place_slug": place.slug}))
    assert card_pdf.status_code == 200 and card_pdf.content.startswith(b"%PDF")
    check = client.get(
        reverse("association:card_check", kwargs={"place_slug": place.slug, "token": adhesion.card_token})
    )
    assert check.status_code == 200
    pdf = client.get(
        reverse("billing:invoice_pdf", kwargs={"place_slug": place.slug, "invoice_id": adhesion.invoice_id})
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_member_joins_from_portal(client, place):
    scheme = FeeSchemeFactory(place=place)
    member = member_of(place)
    _login(client, member)
    url = reverse("association:mine", kwargs={"place_slug": place.slug})
    assert client.post(url, {"scheme": scheme.pk}).status_code == 302
    assert Adhesion.objects.get().status == Adhesion.Status.AWAITING_PAYMENT


def test_other_place_staff_cannot_see_adhesions(client, place):
    scheme = FeeSchemeFactory(place=place)
    member = member_of(place)
    services.adhesion_join(place=place, user=member, scheme=scheme, actor=member, on=dt.date(2026, 5, 1))
    outsider = member_of(PlaceFactory(), "admin")
    _login(client, outsider)
    assert client.get(reverse("association:adhesions", kwargs={"place_slug": place.slug})).status_code == 404
    adhesion = Adhesion.objects.get()
    url = reverse("association:adhesion_pay", kwargs={"place_slug": place.slug, "adhesion_id": adhesion.pk})
    assert client.post(url, {"method": "cash"}).status_code == 404
    coworker = member_of(place)
    client.logout()
    _login(client, coworker)
    assert client.get(reverse("association:adhesions", kwargs={"place_slug": place.slug})).status_code == 403


def test_adhesions_list_query_count_is_constant(client, place):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scheme = FeeSchemeFactory(place=place)
    admin = member_of(place, "admin")

    def make(count):
        for _ in range(count):
            user = member_of(place)
            services.adhesion_join(place=place, user=user, scheme=scheme, actor=admin, payment_method="cash")

    _login(client, admin)
    url = reverse("association:adhesions", kwargs={"place_slug": place.slug})
    make(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(40)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_board_creates_and_edits_fee_schemes(client, place):
    from comptoir.association.models import FeeScheme
    from comptoir.places.tests.factories import association_of

    association = association_of(place)
    board = member_of(place, "board")
    _login(client, board)
    url = reverse("association:schemes", kwargs={"place_slug": place.slug})
    data = {"entity": association.pk, "name": "Solidaire", "category": "reduced", "amount": "5",
            "period": "civil_year", "free_amount": "on", "is_active": "on"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    scheme = FeeScheme.objects.get()
    edit = reverse("association:scheme_edit", kwargs={"place_slug": place.slug, "scheme_id": scheme.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"entity": association.pk, "name": "Solidaire", "category": "free", "amount": "5",
                                  "period": "civil_year"})  # fmt: skip
    assert response.status_code == 200  # a free fee costs 0 €
    response = client.post(edit, {"entity": association.pk, "name": "Solidaire", "category": "reduced",
                                  "amount": "3", "period": "rolling"})  # fmt: skip
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.amount, scheme.period, scheme.is_active) == (3, "rolling", False)
