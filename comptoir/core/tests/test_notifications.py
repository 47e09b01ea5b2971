"""The one notification interface: e-mail, or SMS (file, console, memory backends) for a phone-only person."""

import logging

import pytest
from django.core import mail

from comptoir.core import notifications as n


@pytest.fixture
def templates(settings, tmp_path):
    """Templates ``t/msg`` (subject, text, SMS) and ``t/nosms`` (no SMS template) in a temporary folder."""
    folder = tmp_path / "templates" / "t"
    folder.mkdir(parents=True)
    (folder / "msg_subject.txt").write_text("Hello {{ name }}")
    (folder / "msg.txt").write_text("Long e-mail for {{ name }}.")
    (folder / "msg_sms.txt").write_text("SMS for {{ name }}\n  second line ")
    (folder / "nosms_subject.txt").write_text("Only a subject for {{ name }}")
    (folder / "nosms.txt").write_text("Body")
    (folder / "long_subject.txt").write_text("x")
    (folder / "long.txt").write_text("x")
    (folder / "long_sms.txt").write_text("{% for i in r %}word {% endfor %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    return folder


@pytest.fixture
def outbox(settings):
    settings.COMPTOIR_SMS_BACKEND = "comptoir.core.notifications.LocmemSMSBackend"
    n.sms_outbox.clear()
    yield n.sms_outbox
    n.sms_outbox.clear()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("(06) 12-34-56-78", "+33612345678"),
        ("612345678", "+33612345678"),  # the national number without its 0
        ("04 77 12 34 56", None),  # a landline: no SMS
        ("06 12 34", None),
        ("+33 6 12 34 56 78 9", None),
        ("06 12 34 56 7a", None),
        ("12+34", None),
        ("", None),
        ("+0123456789", None),
    ],
)
def test_normalise_phone(raw, expected):
    assert n.normalise_phone(raw) == expected


def test_channel_choice():
    assert n.channel_for(to="a@example.org", phone="0612345678") == "email"
    assert n.channel_for(phone="0612345678") == "sms"
    assert n.channel_for() is None


def test_email_when_there_is_an_address(templates, outbox):
    n.notify(to="a@example.org", phone="0612345678", template="t/msg", context={"name": "Ana"})
    assert [m.subject for m in mail.outbox] == ["Hello Ana"] and outbox == []


def test_sms_for_a_phone_only_person(templates, outbox):
    n.notify(phone="06 12 34 56 78", template="t/msg", context={"name": "Ana"})
    assert outbox == [n.SMS(to="+33612345678", body="SMS for Ana second line")] and mail.outbox == []


def test_sms_falls_back_to_the_subject_and_is_kept_short(templates, outbox):
    n.notify(phone="0612345678", template="t/nosms", context={"name": "Ana"})
    n.notify(phone="0612345678", template="t/long", context={"r": range(200)})
    assert outbox[0].body == "Only a subject for Ana"
    assert len(outbox[1].body) == n.SMS_MAX_LENGTH and outbox[1].body.endswith("…")


def test_nothing_without_a_usable_contact(templates, outbox, caplog):
    n.notify(template="t/msg", context={"name": "Ana"})
    with caplog.at_level(logging.WARNING, logger="comptoir.core.notifications"):
        n.notify(phone="call me", template="t/msg", context={"name": "Ana"})
    assert outbox == [] and mail.outbox == []
    assert "unusable phone number" in caplog.text and "call me" not in caplog.text  # no personal data in logs


def test_file_backend_is_the_default_one_file_per_message(templates, settings, tmp_path):
    if hasattr(settings, "COMPTOIR_SMS_BACKEND"):
        del settings.COMPTOIR_SMS_BACKEND
    settings.COMPTOIR_SMS_FILE_PATH = tmp_path / "sms"
    assert isinstance(n.sms_backend(), n.FileSMSBackend)
    n.notify(phone="0612345678", template="t/msg", context={"name": "Ana"})
    n.notify(phone="0756123456", template="t/msg", context={"name": "Bob"})
    files = sorted((tmp_path / "sms").iterdir())
    assert len(files) == 2
    texts = sorted(f.read_text(encoding="utf-8") for f in files)
    assert texts == ["To: +33612345678\n\nSMS for Ana second line\n", "To: +33756123456\n\nSMS for Bob second line\n"]


def test_file_backend_default_folder_is_under_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    if hasattr(settings, "COMPTOIR_SMS_FILE_PATH"):
        del settings.COMPTOIR_SMS_FILE_PATH
    assert n.FileSMSBackend().path == tmp_path / "sms"


def test_console_backend(templates, settings, capsys):
    settings.COMPTOIR_SMS_BACKEND = "comptoir.core.notifications.ConsoleSMSBackend"
    n.notify(phone="0612345678", template="t/msg", context={"name": "Ana"})
    out = capsys.readouterr().out
    assert "SMS to +33612345678" in out and "SMS for Ana" in out


@pytest.mark.django_db
def test_on_commit_only(templates, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        n.notify_on_commit(phone="0612345678", template="t/msg", context={"name": "Ana"})
        n.notify_on_commit(to="a@example.org", template="t/msg", context={"name": "Ana"})  # existing callers
    assert outbox == [] and mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(outbox) == 1 and len(mail.outbox) == 1
