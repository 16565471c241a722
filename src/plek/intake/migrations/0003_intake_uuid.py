"""A random UUID per intake as its public identifier in API v2.

The integer key stays the internal one; the UUID reveals no count or order. An intake is made in
plek itself and has no kenmerk from elsewhere, so it gets a UUID (as signals and persons did).
"""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    # One statement, not a loop over rows: the table can hold a region's data.
    if schema_editor.connection.vendor == "postgresql":
        expression = "gen_random_uuid()"
    else:  # SQLite stores a UUID as 32 hex digits
        expression = "lower(hex(randomblob(16)))"
    table = apps.get_model("intake", "Intake")._meta.db_table
    schema_editor.execute(f'UPDATE "{table}" SET uuid = {expression} WHERE uuid IS NULL')


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_intake_participants_narratives")]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="uuid"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="intake",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="uuid"
            ),
        ),
    ]
