import pytest


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """SMS go to ``notifications.sms_outbox`` (never to files under var/sms/ during tests)."""
    from comptoir.core import notifications

    settings.COMPTOIR_SMS_BACKEND = "comptoir.core.notifications.LocmemSMSBackend"
    notifications.sms_outbox.clear()
    yield notifications.sms_outbox
    notifications.sms_outbox.clear()
