"""An e-mail backend that plays a mail server which is down, then comes back."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    """Refuses every message while ``down`` (as smtplib does when nothing listens), else keeps them in
    ``django.core.mail.outbox`` like the locmem backend."""

    down = True
    error: type[Exception] = ConnectionRefusedError

    def send_messages(self, email_messages):
        if FlakyEmailBackend.down:
            raise FlakyEmailBackend.error(111, "Connection refused")
        return super().send_messages(email_messages)
