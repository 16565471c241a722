"""A random UUID per row of PostalApplication as the public identifier in API v2.

The integer key stays the internal one; the UUID reveals no count or order.
"""

import uuid

from django.db import migrations, models

MODELS = ("PostalApplication",)


def fill_uuids(apps, schema_editor):
    # One statement per table, not a loop over rows: the tables can hold a country's data.
    if schema_editor.connection.vendor == "postgresql":
        expression = "gen_random_uuid()"
    else:  # SQLite stores a UUID as 32 hex digits
        expression = "lower(hex(randomblob(16)))"
    for model in MODELS:
        table = apps.get_model("postal", model)._meta.db_table
        schema_editor.execute(f'UPDATE "{table}" SET uuid = {expression} WHERE uuid IS NULL')


class Migration(migrations.Migration):
    dependencies = [("postal", "0003_postalterms")]

    operations = [
        migrations.AddField(
            model_name="postalapplication",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="uuid"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="postalapplication",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="uuid"
            ),
        ),
    ]
