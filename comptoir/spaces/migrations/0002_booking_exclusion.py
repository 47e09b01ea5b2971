"""PostgreSQL only: no two occupying bookings of one (resource, seat) may overlap (see comptoir/spaces/db.py).

The SQL is written out here (not imported) so that this migration never changes after it ran.
"""

from django.db import migrations

from comptoir.spaces.db import PostgresOnlySQL

SQL = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE spaces_booking ADD CONSTRAINT spaces_booking_no_overlap
    EXCLUDE USING gist (
        resource_id WITH =,
        seat WITH =,
        tstzrange("start", "blocked_until", '[)') WITH &&
    ) WHERE (state IN ('requested', 'confirmed', 'no_show'));
"""

REVERSE_SQL = "ALTER TABLE spaces_booking DROP CONSTRAINT IF EXISTS spaces_booking_no_overlap;"


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_initial")]

    operations = [PostgresOnlySQL(sql=SQL, reverse_sql=REVERSE_SQL)]
