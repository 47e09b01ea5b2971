# Each legal entity numbers its invoices with a prefix of its own ("ASSO-F-000001", "COOP-F-000001"):
# two entities of one place could both print "F-000001". Existing entities get their kind's prefix;
# numbers already issued are stored on the invoices and never change, and the series go on.

from django.db import migrations, models

import comptoir.places.validators

PREFIXES = {"association": "ASSO", "cooperative": "COOP", "company": "SOC", "public": "PUB"}


def give_prefixes(apps, schema_editor):
    LegalEntity = apps.get_model("places", "LegalEntity")
    for entity in LegalEntity.objects.all():
        entity.invoice_prefix = PREFIXES.get(entity.kind, "E") + ("" if entity.kind in PREFIXES else str(entity.pk))
        entity.save(update_fields=["invoice_prefix"])


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="legalentity",
            name="invoice_prefix",
            field=models.CharField(default="", max_length=10),
            preserve_default=False,
        ),
        migrations.RunPython(give_prefixes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="legalentity",
            name="invoice_prefix",
            field=models.CharField(
                help_text=(
                    "Printed before each new invoice and credit note number (e.g. ASSO-F-000001): capital letters "
                    "and digits. Numbers already issued keep theirs and the numbering goes on."
                ),
                max_length=10,
                validators=[comptoir.places.validators.validate_invoice_prefix],
                verbose_name="invoice number prefix",
            ),
        ),
        migrations.AddConstraint(
            model_name="legalentity",
            constraint=models.UniqueConstraint(
                fields=("place", "invoice_prefix"), name="legal_entity_invoice_prefix_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="legalentity",
            constraint=models.CheckConstraint(
                condition=models.Q(("invoice_prefix", ""), _negated=True), name="legal_entity_invoice_prefix_given"
            ),
        ),
    ]
