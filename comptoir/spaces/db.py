"""Database pieces that Django's model layer cannot express portably.

:func:`PostgresOnlySQL` is a migration operation that runs its SQL on PostgreSQL only
(:class:`comptoir.core.migration_operations.OnPostgreSQL` around a ``RunSQL``). It carries the
exclusion constraint that makes double booking impossible at the database level; SQLite (which cannot
express it) relies on the serialized path of :mod:`comptoir.spaces.services.bookings` instead.
"""

from __future__ import annotations

from django.db import migrations

from comptoir.core.migration_operations import OnPostgreSQL

# Booking states that hold their slot (kept in sync with Booking.OCCUPYING_STATES and the SQL below).
OCCUPYING_STATES = ("requested", "confirmed", "no_show")

BOOKING_EXCLUSION_NAME = "spaces_booking_no_overlap"

BOOKING_EXCLUSION_SQL = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE spaces_booking ADD CONSTRAINT {BOOKING_EXCLUSION_NAME}
    EXCLUDE USING gist (
        resource_id WITH =,
        seat WITH =,
        tstzrange("start", "blocked_until", '[)') WITH &&
    ) WHERE (state IN ({", ".join(f"'{s}'" for s in OCCUPYING_STATES)}));
"""

BOOKING_EXCLUSION_REVERSE_SQL = f"ALTER TABLE spaces_booking DROP CONSTRAINT IF EXISTS {BOOKING_EXCLUSION_NAME};"


def PostgresOnlySQL(sql: str, reverse_sql: str) -> OnPostgreSQL:  # noqa: N802 - used as an operation class
    """Run ``sql`` forwards (and ``reverse_sql`` backwards) on PostgreSQL; do nothing elsewhere."""
    return OnPostgreSQL(migrations.RunSQL(sql, reverse_sql))
