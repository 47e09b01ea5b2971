"""The project's settings minus optional apps, for ``test_optional_apps.py``.

``COMPTOIR_WITHOUT="coworking,mediation"`` removes ``comptoir.coworking`` and ``comptoir.mediation`` from
INSTALLED_APPS (an app list cannot change inside a running process: the tests run pytest in a child).
"""

import os

from comptoir.settings import *  # noqa: F403
from comptoir.settings import INSTALLED_APPS as ALL_APPS

WITHOUT = {f"comptoir.{name.strip()}" for name in os.environ.get("COMPTOIR_WITHOUT", "").split(",") if name.strip()}
INSTALLED_APPS = [app for app in ALL_APPS if app not in WITHOUT]
