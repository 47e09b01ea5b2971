"""The outbox: one attempt at a time, back-off, idempotency, the dead letters each place's admins see."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comptoir.audit.models import AuditEntry
from comptoir.core import notifications
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.tasks import services
from comptoir.tasks.models import Delivery
from comptoir.tasks.queue import delivery_attempt, retry_delay
from comptoir.tasks.tests.fakes import FlakyEmailBackend
from comptoir.tasks.tests.test_queue import DATABASE_QUEUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = "comptoir.tasks.tests.fakes.FlakyEmailBackend"
    FlakyEmailBackend.down = True
    yield
    FlakyEmailBackend.down = True


def a_delivery(place, **fields):
    values = {"place": place, "channel": "email", "recipient": "nina@example.org", "subject": "Bonjour",
              "body": "Texte", **fields}  # fmt: skip
    return Delivery.objects.create(**values)


def test_the_back_off_grows_four_times_and_stops_growing():
    for attempts, minutes in ((1, 1), (2, 4), (3, 16), (4, 64)):  # 60 s × 4^(attempts-1), ±10 %
        assert 0.9 * minutes * 60 <= retry_delay(attempts).total_seconds() <= 1.1 * minutes * 60
    assert retry_delay(20) <= dt.timedelta(hours=6, minutes=36)


def test_a_failed_attempt_waits_then_the_next_one_sends(place, mail_down):
    delivery = a_delivery(place)
    assert delivery_attempt(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.state == "pending" and delivery.attempts == 1 and "ConnectionRefusedError" in delivery.last_error
    assert delivery_attempt(delivery_id=delivery.pk) == "early"  # not before its time
    FlakyEmailBackend.down = False
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert delivery_attempt(delivery_id=delivery.pk) == "sent"
    assert delivery_attempt(delivery_id=delivery.pk) == "sent"  # a retried task: nothing sent twice
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Bonjour"


def test_a_message_held_by_a_live_worker_is_left_alone_and_resumed_once_its_claim_expires(
    place, django_capture_on_commit_callbacks
):
    delivery = a_delivery(place, state="sending", claimed_until=timezone.now() + dt.timedelta(minutes=5))
    assert delivery_attempt(delivery_id=delivery.pk) == "busy" and mail.outbox == []
    Delivery.objects.filter(pk=delivery.pk).update(
        claimed_until=timezone.now() - dt.timedelta(minutes=1), created_at=timezone.now() - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_resume() == 1  # the immediate backend of the tests sends it after commit
    assert Delivery.objects.get().state == "sent" and len(mail.outbox) == 1


def test_resume_leaves_messages_on_time_alone(place):
    a_delivery(place)  # just created: its own task is coming
    a_delivery(place, attempts=1, next_attempt_at=timezone.now() + dt.timedelta(minutes=3))
    a_delivery(place, state="sent")
    assert services.deliveries_resume() == 0 and mail.outbox == []


def test_a_key_makes_one_message_of_two_calls(place, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            notifications.notify_on_commit(
                to="nina@example.org", template="people/email/membership_approved",
                context={"place": place, "user": None}, key="reminder:42:2026-12-05",
            )  # fmt: skip
    assert Delivery.objects.count() == 1 and len(mail.outbox) == 1
    assert Delivery.objects.get().place == place  # the place comes from the context


def test_an_sms_leaves_through_the_sms_backend(place, settings, django_capture_on_commit_callbacks):
    settings.COMPTOIR_SMS_BACKEND = "comptoir.core.notifications.LocmemSMSBackend"
    notifications.sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_on_commit(phone="06 12 34 56 78", template="people/email/membership_approved",
                                       context={"place": place, "user": None})  # fmt: skip
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.recipient, delivery.state) == ("sms", "+33612345678", "sent")
    assert [sms.to for sms in notifications.sms_outbox] == ["+33612345678"]
    notifications.sms_outbox.clear()


def test_prune_deletes_old_sent_messages_only(place):
    old = timezone.now() - dt.timedelta(days=31)
    a_delivery(place, state="sent", sent_at=old)
    kept = [a_delivery(place, state="sent", sent_at=timezone.now()), a_delivery(place, state="failed")]
    assert services.deliveries_prune() == 1
    assert set(Delivery.objects.all()) == set(kept)


# --- the dead letters' page ---------------------------------------------------------------------------


def page(place):
    return reverse("tasks:deliveries", kwargs={"place_slug": place.slug})


def retry_url(place, delivery):
    return reverse("tasks:delivery_retry", kwargs={"place_slug": place.slug, "pk": delivery.pk})


def test_a_dead_message_shows_on_its_place_admins_page_only(client, place, admin):
    other = PlaceFactory(slug="ailleurs")
    mine = a_delivery(place, state="failed", attempts=6, recipient="nina@example.org", last_error="SMTPException")
    theirs = a_delivery(other, state="failed", attempts=6, recipient="paul@example.org")
    a_delivery(place, state="sent", recipient="sent@example.org")
    client.force_login(admin)

    html = client.get(page(place)).content.decode()

    assert "nina@example.org" in html and "SMTPException" in html and "Réessayer" in html
    assert "paul@example.org" not in html and "sent@example.org" not in html
    assert client.get(page(other)).status_code == 404  # not a member of the other place
    assert client.post(retry_url(place, theirs)).status_code == 404  # another place's message, under my place
    assert Delivery.objects.get(pk=theirs.pk).state == "failed"
    assert mine.place == place


def test_staff_without_the_permission_do_not_see_the_page(client, place):
    client.force_login(member_of(place, Role.HOST))
    assert client.get(page(place)).status_code == 403


def test_retry_enqueues_the_message_again_and_is_audited(client, place, admin, settings):
    settings.TASKS = DATABASE_QUEUE
    delivery = a_delivery(place, state="failed", attempts=6, last_error="SMTPException: 421")
    client.force_login(admin)

    response = client.post(retry_url(place, delivery), follow=True)

    assert "Le message va être renvoyé." in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 0)
    task = DBTaskResult.objects.ready().get()
    assert task.task_path == "comptoir.tasks.queue.deliver" and task.args_kwargs["kwargs"] == {
        "delivery_id": delivery.pk
    }
    entry = AuditEntry.objects.get(action="delivery.retried")
    assert entry.place == place and entry.actor == admin and entry.before["state"] == "failed"
    # Retrying what is no longer dead is refused (a double click).
    response = client.post(retry_url(place, delivery), follow=True)
    assert "Seul un message qui n’a pas pu partir peut être renvoyé." in response.content.decode()
    assert DBTaskResult.objects.ready().count() == 1


def test_the_retry_is_post_only(client, place, admin):
    delivery = a_delivery(place, state="failed")
    client.force_login(admin)
    assert client.get(retry_url(place, delivery)).status_code == 405
