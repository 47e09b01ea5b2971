"""Sentences that put the place's name after "à" or "de" read as French writes them: "Bienvenue au Comptoir
Numérique", "membre du Comptoir Numérique", never "à Au Comptoir" or "de Au Comptoir"."""

import datetime as dt

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import UserFactory, member_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.place(name="Au Comptoir Numérique", slug="lieu-a", services=["coworking", "mediation"],
                      auto_approve_members=True),
]  # fmt: skip


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_member_home_and_public_page(client, place, member):
    client.force_login(member)
    assert "Vous êtes membre du Comptoir Numérique." in _text(client.get("/lieu-a/moi/"))
    place.logo = "places/logos/logo.png"
    place.save(update_fields=["logo"])
    assert 'alt="Logo du Comptoir Numérique"' in _text(client.get("/lieu-a/"))


def test_english_keeps_the_name_as_it_is(client, member):
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    client.force_login(member)
    assert "You are a member of Au Comptoir Numérique." in _text(client.get("/lieu-a/moi/"))


def test_joining_page_and_mails(client, place, django_capture_on_commit_callbacks):
    client.force_login(UserFactory())  # someone with an account asks to join
    assert "Demander à devenir membre du Comptoir Numérique." in _text(client.get("/lieu-a/rejoindre/"))
    client.logout()
    data = {"display_name": "Nina Nouvelle", "email": "nina@example.org", "phone": "", "preferred_language": "fr",
            "password": "un-mot-de-passe-solide", "password_confirm": "un-mot-de-passe-solide"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        page = _text(client.post("/lieu-a/rejoindre/", data))
    assert "Bienvenue au Comptoir Numérique !" in page
    welcome = mail.outbox[-1]
    assert welcome.subject == "Bienvenue au Comptoir Numérique"
    assert "Vous êtes maintenant membre du Comptoir Numérique." in welcome.body


def test_kiosk_uses_the_form_the_place_gives(client, place, host):
    client.force_login(host)
    url = reverse("coworking:kiosk", kwargs={"place_slug": "lieu-a"})
    assert "<h1>Bienvenue au Comptoir Numérique</h1>" in _text(client.get(url))
    place.name_after_a = "au Comptoir"
    place.save(update_fields=["name_after_a"])
    assert "<h1>Bienvenue au Comptoir</h1>" in _text(client.get(url))


@pytest.mark.place(name="Le Comptoir", slug="lieu-a", services=["mediation"])
def test_a_sentence_that_opens_with_the_name(client, place):
    assert "Au Comptoir, une personne vous aide" in _text(client.get("/lieu-a/aide-numerique/"))


def test_booking_mail(place):
    member = member_of(place, Role.COWORKER)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)

    class Booking:
        def __init__(self):
            self.start, self.end = start, start + dt.timedelta(hours=1)

    context = {"place": place, "resource": type("Resource", (), {"name": "Salle Ardoise"}), "booking": Booking(),
               "person": member}  # fmt: skip
    with translation.override("fr"):
        body = render_to_string("spaces/email/booking_confirmed.txt", context)
    assert "Votre réservation de Salle Ardoise au Comptoir Numérique est confirmée" in body
    with translation.override("en"):
        body = render_to_string("spaces/email/booking_confirmed.txt", context)
    assert "Your booking of Salle Ardoise at Au Comptoir Numérique is confirmed" in body


@pytest.mark.parametrize(
    ("template", "french"),
    [
        ("association/email/joined_subject.txt", "Votre adhésion au Comptoir Numérique"),
        ("association/email/reminder_subject.txt", "Votre adhésion au Comptoir Numérique se termine bientôt"),
        ("billing/email/overdue_subject.txt", "Factures à régler au Comptoir Numérique"),
        ("mediation/email/appointment_confirmed_subject.txt", "Votre rendez-vous au Comptoir Numérique"),
        ("mediation/email/appointment_cancelled_subject.txt", "Rendez-vous annulé au Comptoir Numérique"),
        ("people/email/membership_approved_subject.txt", "Bienvenue au Comptoir Numérique"),
    ],
)
def test_mail_subjects(place, template, french):
    with translation.override("fr"):
        assert render_to_string(template, {"place": place}).strip() == french
    with translation.override("en"):
        assert "Au Comptoir Numérique" in render_to_string(template, {"place": place})
