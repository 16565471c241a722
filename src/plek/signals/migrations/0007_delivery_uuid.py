"""A random UUID per delivery as its public identifier in API v2 (as for Signal in 0006).

The integer key stays the internal one; the UUID reveals no count or order of deliveries.
"""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    # One statement for the table, not a loop over rows.
    if schema_editor.connection.vendor == "postgresql":
        expression = "gen_random_uuid()"
    else:  # SQLite stores a UUID as 32 hex digits
        expression = "lower(hex(randomblob(16)))"
    table = apps.get_model("signals", "Delivery")._meta.db_table
    schema_editor.execute(f'UPDATE "{table}" SET uuid = {expression} WHERE uuid IS NULL')


class Migration(migrations.Migration):
    dependencies = [("signals", "0006_signal_uuid")]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="uuid"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="delivery",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="uuid"
            ),
        ),
    ]
