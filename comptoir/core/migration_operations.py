"""Migration operations of Comptoir's own."""

from __future__ import annotations

from django.db.migrations.operations.base import Operation


class OnPostgreSQL(Operation):
    """Run ``operations`` on PostgreSQL only (an extension, a GIN index): a no-op on SQLite.

    They change the database, never the project's state: what they add is not declared in any model's
    ``Meta`` (SQLite could not build it, e.g. when it rebuilds a table), so the autodetector neither
    sees nor removes it. Both directions are supported.
    """

    reversible = True

    def __init__(self, *operations: Operation):
        self.operations = list(operations)

    def deconstruct(self):
        return (self.__class__.__qualname__, self.operations, {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for operation in self.operations:
                operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for operation in reversed(self.operations):
                operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "On PostgreSQL only: " + "; ".join(operation.describe() for operation in self.operations)
