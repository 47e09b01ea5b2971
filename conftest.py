"""Shared test fixtures: factories live in comptoir/<app>/tests/factories.py."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing with the real hasher makes every user creation cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
