"""People who gave only a phone number get SMS (through comptoir.core.notifications); others get e-mails."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from comptoir.core.permissions import Role
from comptoir.mediation import services
from comptoir.mediation.tests.factories import SessionFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.COMPTOIR_BASE_URL = "https://comptoir.example.org"


def test_workshop_messages_by_sms(committed, sms_outbox):
    place = PlaceFactory(name="La Fabrique")
    session = SessionFactory(workshop__place=place, workshop__title="Tablette", capacity=1,
                             starts_at=timezone.now() + dt.timedelta(hours=5))  # fmt: skip
    ana = committed(services.registration_create, session=session, first_name="Ana", phone="06 12 34 56 78")
    committed(services.registration_create, session=session, first_name="Bob", phone="07 12 34 56 78",
              email="bob@example.org")  # fmt: skip
    committed(services.registration_create, session=session, first_name="Cy", phone="+32 470 12 34 56")
    assert [s.to for s in sms_outbox] == ["+33612345678", "+32470123456"]
    first = sms_outbox[0].body
    assert first.startswith("La Fabrique :") and "« Tablette »" in first, first
    assert f"/aide-numerique/inscription/{ana.token}/" in first and len(first) <= 480
    assert "liste d’attente" in sms_outbox[1].body
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]  # Bob gave an address: e-mail only
    committed(services.reminders_send, place=place)
    assert sms_outbox[-1].to == "+33612345678" and "rappel" in sms_outbox[-1].body


def test_appointment_messages_by_sms(committed, sms_outbox):
    place = PlaceFactory()
    mediator = member_of(place, Role.MEDIATOR)
    (slot,) = services.appointment_slots_create(
        place=place, mediator=mediator, actor=mediator, first_start=timezone.now() + dt.timedelta(hours=5)
    )
    committed(services.appointment_take, appointment=slot, first_name="Ana", phone="0612345678")
    assert len(sms_outbox) == 1 and "/aide-numerique/rendez-vous/annuler/" in sms_outbox[0].body
    assert committed(services.appointment_reminders_send, place=place) == 1
    assert committed(services.appointment_reminders_send, place=place) == 0
    committed(services.appointment_cancel, appointment=slot, actor=mediator)
    assert len(sms_outbox) == 3 and "annulé" in sms_outbox[-1].body and mail.outbox == []
