"""Settings for the spaces benchmark server: Comptoir's, plus the "floor" endpoint of bench/spaces_urls.py."""

from comptoir.settings import *  # noqa: F403

ROOT_URLCONF = "bench.spaces_urls"
