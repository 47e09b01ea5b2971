import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(service, **kwargs)``: call a service and run its on-commit callbacks (e-mails)."""

    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = service(**kwargs)
        return result

    return call


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """SMS go to ``notifications.sms_outbox`` (never to files under var/sms/ during tests)."""
    from comptoir.core import notifications

    settings.COMPTOIR_SMS_BACKEND = "comptoir.core.notifications.LocmemSMSBackend"
    notifications.sms_outbox.clear()
    yield notifications.sms_outbox
    notifications.sms_outbox.clear()
