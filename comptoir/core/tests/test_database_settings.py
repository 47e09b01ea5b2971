"""The database connection: a pool per process by default on PostgreSQL, overridable by environment variables,
and nothing connects before gunicorn forks its workers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
POSTGRES = "postgres://comptoir:secret@db.example.org:5432/comptoir"


def database_settings(**environ) -> dict:
    """The default database's settings that comptoir.settings makes from ``environ`` (read in a new process)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_POOL", "CONN_MAX_AGE")}
    env.update(environ)
    code = (
        "import json, comptoir.settings as s; d = s.DATABASES['default'];"
        "print(json.dumps({'pool': d.get('OPTIONS', {}).get('pool'), 'max_age': d['CONN_MAX_AGE'],"
        " 'checks': d['CONN_HEALTH_CHECKS']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )  # fmt: skip
    assert result.returncode == 0 or not result.stdout, result.stderr
    return json.loads(result.stdout) if result.returncode == 0 else {"error": result.stderr.strip().splitlines()[-1]}


def test_postgresql_pools_connections_by_default():
    found = database_settings(DATABASE_URL=POSTGRES)
    assert found == {"pool": {"min_size": 1, "max_size": 4, "timeout": 10.0}, "max_age": 0, "checks": True}


def test_the_pool_is_sized_by_environment_variables():
    found = database_settings(
        DATABASE_URL=POSTGRES, DATABASE_POOL_MIN_SIZE="2", DATABASE_POOL_MAX_SIZE="8", DATABASE_POOL_TIMEOUT="3"
    )
    assert found["pool"] == {"min_size": 2, "max_size": 8, "timeout": 3.0}


def test_kept_connections_or_none_instead_of_the_pool():
    assert database_settings(DATABASE_URL=POSTGRES, DATABASE_POOL="0") == {"pool": None, "max_age": 0, "checks": True}
    # CONN_MAX_AGE alone (the former production advice) still means kept connections, without a pool.
    assert database_settings(DATABASE_URL=POSTGRES, CONN_MAX_AGE="60") == {"pool": None, "max_age": 60, "checks": True}
    both = database_settings(DATABASE_URL=POSTGRES, CONN_MAX_AGE="60", DATABASE_POOL="1")
    assert "exclude each other" in both["error"]


def test_sqlite_has_no_pool():
    assert database_settings(DATABASE_URL="sqlite:///var/x.sqlite3")["pool"] is None


def test_loading_the_application_opens_no_connection():
    """gunicorn may load the application before forking (--preload): no connection, no pool (and its
    threads) may exist by then, or the workers would share them."""
    code = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'comptoir.settings');"
        "from comptoir.wsgi import application; from django.db import connections;"
        "from django.db.backends.postgresql.base import DatabaseWrapper;"
        "assert connections['default'].connection is None, 'connected';"
        "assert not DatabaseWrapper._connection_pools, 'pool made'; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=os.environ, capture_output=True, text=True, timeout=60
    )  # fmt: skip
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_requests_borrow_from_the_pool_of_the_test_database():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert connection.pool is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] == connection.settings_dict["NAME"]
    raw = connection.connection
    connection.close()  # what the end of a request does: the connection goes back to the pool
    assert connection.connection is None and not raw.closed
    assert connection.pool.get_stats()["pool_available"] >= 1
    connection.ensure_connection()
    assert connection.connection._pool is connection.pool
