"""Database pieces that Django's model layer cannot express portably.

:class:`PostgresOnlySQL` is a migration operation that runs its SQL on PostgreSQL only. It carries the
exclusion constraint that makes double booking impossible at the database level; SQLite (which cannot
express it) relies on the serialized path of :mod:`comptoir.spaces.services.bookings` instead.
"""

from __future__ import annotations

from django.db import migrations

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


class PostgresOnlySQL(migrations.operations.base.Operation):
    """Run ``sql`` forwards (and ``reverse_sql`` backwards) on PostgreSQL; do nothing elsewhere."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, sql: str, reverse_sql: str):
        self.sql = sql
        self.reverse_sql = reverse_sql

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"sql": self.sql, "reverse_sql": self.reverse_sql})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(self.sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(self.reverse_sql)

    def describe(self):
        return "Raw SQL run on PostgreSQL only"
