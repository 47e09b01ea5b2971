"""Database guards: an issued invoice or credit note (and its lines) can never be changed or deleted.

PostgreSQL: triggers refuse updates of frozen columns and deletes. SQLite: triggers refuse updates
(deletes are refused by the services; SQLite's test flush deletes rows, so no delete trigger there).
"""

from django.db import migrations

FROZEN = [
    "entity_id", "kind", "user_id", "credited_invoice_id", "buyer_name", "buyer_siren", "buyer_vat_number",
    "buyer_address", "number", "sequence", "issue_date", "due_date", "total_excl_vat", "total_vat",
    "total_incl_vat", "chain_index", "previous_hash", "hash",
]
LINE_FROZEN = ["invoice_id", "description", "quantity", "unit_price", "vat_rate", "total_excl_vat"]

PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION billing_invoice_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'issued invoice cannot be deleted' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.status = 'draft' OR
     ({", ".join("NEW." + c for c in FROZEN)}) IS DISTINCT FROM ({", ".join("OLD." + c for c in FROZEN)})) THEN
    RAISE EXCEPTION 'issued invoice cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER billing_invoice_frozen BEFORE UPDATE OR DELETE ON billing_invoice
  FOR EACH ROW EXECUTE FUNCTION billing_invoice_frozen();

CREATE OR REPLACE FUNCTION billing_invoiceline_frozen() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM billing_invoice WHERE id = OLD.invoice_id AND status <> 'draft') AND (TG_OP = 'DELETE' OR
     ({", ".join("NEW." + c for c in LINE_FROZEN)}) IS DISTINCT FROM ({", ".join("OLD." + c for c in LINE_FROZEN)})) THEN
    RAISE EXCEPTION 'a line of an issued invoice cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER billing_invoiceline_frozen BEFORE UPDATE OR DELETE ON billing_invoiceline
  FOR EACH ROW EXECUTE FUNCTION billing_invoiceline_frozen();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS billing_invoice_frozen ON billing_invoice;
DROP FUNCTION IF EXISTS billing_invoice_frozen();
DROP TRIGGER IF EXISTS billing_invoiceline_frozen ON billing_invoiceline;
DROP FUNCTION IF EXISTS billing_invoiceline_frozen();
"""

SQLITE_FORWARD = [
    f"""CREATE TRIGGER billing_invoice_frozen BEFORE UPDATE ON billing_invoice
  WHEN OLD.status <> 'draft' AND (NEW.status = 'draft' OR {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)})
  BEGIN SELECT RAISE(ABORT, 'issued invoice cannot be changed'); END;""",
    f"""CREATE TRIGGER billing_invoiceline_frozen BEFORE UPDATE ON billing_invoiceline
  WHEN (SELECT status FROM billing_invoice WHERE id = OLD.invoice_id) <> 'draft'
   AND ({" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in LINE_FROZEN)})
  BEGIN SELECT RAISE(ABORT, 'a line of an issued invoice cannot be changed'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS billing_invoice_frozen;",
    "DROP TRIGGER IF EXISTS billing_invoiceline_frozen;",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
