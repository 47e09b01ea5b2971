"""The queue's failure test: the mail server is down, the request still succeeds, the message waits in the
database queue and leaves exactly once when the server is back. The real database backend, and its worker
run in the test's process (the code of `manage.py db_worker`)."""

import datetime as dt
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from comptoir.people.models import Membership, User
from comptoir.places.tests.factories import PlaceFactory
from comptoir.tasks.models import Delivery
from comptoir.tasks.queue import deliver
from comptoir.tasks.services import deliveries_resume
from comptoir.tasks.tests.fakes import FlakyEmailBackend

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "comptoir.tasks.tests.fakes.FlakyEmailBackend"
    FlakyEmailBackend.down = True
    yield
    FlakyEmailBackend.down = True
    FlakyEmailBackend.error = ConnectionRefusedError


def run_worker():
    """What `manage.py db_worker --batch` does: run every task that is due, then stop."""
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


def later(**delta):
    """The clock moved on by ``delta`` (the worker and the services read ``timezone.now``)."""
    real_now = timezone.now
    return mock.patch("django.utils.timezone.now", lambda: real_now() + dt.timedelta(**delta))


def signup(client):
    return client.post(
        "/lieu/rejoindre/",
        {
            "display_name": "Nina Nouvelle", "email": "nina@example.org", "phone": "",
            "password": "un-mot-de-passe-solide", "password_confirm": "un-mot-de-passe-solide",
            "preferred_language": "fr",
        },
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("error", [ConnectionRefusedError, SMTPServerDisconnected])
def test_mail_server_down_the_sign_up_succeeds_and_its_email_leaves_once_it_is_back(client, database_queue, error):
    FlakyEmailBackend.error = error
    PlaceFactory(slug="lieu", auto_approve_members=False)

    response = signup(client)

    assert response.status_code == 200  # the request never touched the mail server
    assert User.objects.get(email="nina@example.org").memberships.get().status == Membership.Status.PENDING
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.recipient, delivery.attempts) == ("pending", "nina@example.org", 0)
    assert DBTaskResult.objects.ready().count() == 1 and mail.outbox == []

    run_worker()  # the server is down: the attempt fails, the message waits for the next one

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 1) and error.__name__ in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)  # back-off: not at once
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
    assert waiting.run_after == delivery.next_attempt_at and mail.outbox == []
    run_worker()  # too early for the next attempt: nothing happens
    assert mail.outbox == [] and Delivery.objects.get().attempts == 1

    FlakyEmailBackend.down = False
    with later(minutes=2):
        run_worker()  # the server is back: the message leaves
        assert [m.to for m in mail.outbox] == [["nina@example.org"]]
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 2, "")

        run_worker()  # a third run: nothing left, nothing more sent
        deliver.enqueue(delivery_id=delivery.pk)  # even a duplicate task (a resumed one, a retried one)...
        run_worker()
        assert deliveries_resume() == 0
    assert len(mail.outbox) == 1  # ...sends nothing twice
    assert not DBTaskResult.objects.ready().exists()


@pytest.mark.django_db(transaction=True)
def test_after_the_last_attempt_the_message_is_failed_and_no_longer_tried(client, database_queue, settings):
    settings.COMPTOIR_DELIVERY_ATTEMPTS = 3
    PlaceFactory(slug="lieu", auto_approve_members=False)
    signup(client)
    run_worker()
    for hours in (1, 2):
        with later(hours=hours):
            run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert not DBTaskResult.objects.ready().exists()
    FlakyEmailBackend.down = False
    with later(hours=10):
        run_worker()
        assert deliveries_resume() == 0  # a dead letter waits for a person: the page's "Retry"
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_message(database_queue):
    from django.db import transaction

    from comptoir.core.notifications import notify_on_commit

    place = PlaceFactory(slug="lieu")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_on_commit(to="a@example.org", template="people/email/membership_approved",
                         context={"place": place, "user": None})  # fmt: skip
        raise RuntimeError("the write failed")
    assert not Delivery.objects.exists() and not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_a_password_reset_answers_and_its_email_waits(client, database_queue):
    from comptoir.people.tests.factories import UserFactory

    UserFactory(email="nina@example.org")
    assert client.post("/compte/mot-de-passe/oubli/", {"email": "nina@example.org"}).status_code == 302
    run_worker()
    assert Delivery.objects.get().state == "pending" and mail.outbox == []
    FlakyEmailBackend.down = False
    with later(minutes=2):
        run_worker()
    assert len(mail.outbox) == 1 and "/compte/mot-de-passe/nouveau/" in mail.outbox[0].body
