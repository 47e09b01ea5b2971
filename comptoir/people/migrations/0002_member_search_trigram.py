"""The member search (names and e-mails, ``icontains``) served by trigram indexes on PostgreSQL.

Django writes ``icontains`` as ``UPPER(column::text) LIKE UPPER('%...%')``: a GIN index of the same
expression with ``gin_trgm_ops`` answers it without reading every member (1,000,000 members: see
bench/README.md). SQLite has neither pg_trgm nor GIN: nothing happens there. The indexes are written in SQL: a field's
``GinIndex(opclasses=...)`` would index the column, not the ``UPPER(...)`` that icontains compares, and
an ``OpClass`` expression index needs django.contrib.postgres installed.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from comptoir.core.migration_operations import OnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        OnPostgreSQL(
            TrigramExtension(),
            migrations.RunSQL(
                "CREATE INDEX user_name_trgm ON people_user USING gin (UPPER(display_name) gin_trgm_ops)",
                reverse_sql="DROP INDEX user_name_trgm",
            ),
            migrations.RunSQL(
                "CREATE INDEX user_email_trgm ON people_user USING gin (UPPER(email) gin_trgm_ops)",
                reverse_sql="DROP INDEX user_email_trgm",
            ),
        ),
    ]
