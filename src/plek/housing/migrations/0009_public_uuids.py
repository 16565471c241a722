"""A random UUID per unit, proposal and respite booking: their public identifier in API v2.

These rows have no public kenmerk of their own (stays and waiting entries do, and v2 names them
by it). The integer key stays the internal one; the UUID reveals no count or order.
"""

import uuid

from django.db import migrations, models

MODELS = ("Unit", "Proposal", "RespiteBooking")


def fill_uuids(apps, schema_editor):
    # One statement per table, not a loop over rows: the tables can hold a country's data.
    if schema_editor.connection.vendor == "postgresql":
        expression = "gen_random_uuid()"
    else:  # SQLite stores a UUID as 32 hex digits
        expression = "lower(hex(randomblob(16)))"
    for model in MODELS:
        table = apps.get_model("housing", model)._meta.db_table
        schema_editor.execute(f'UPDATE "{table}" SET uuid = {expression} WHERE uuid IS NULL')


def _nullable(model: str) -> migrations.AddField:
    return migrations.AddField(
        model_name=model,
        name="uuid",
        field=models.UUIDField(editable=False, null=True, verbose_name="uuid"),
    )


def _unique(model: str) -> migrations.AlterField:
    return migrations.AlterField(
        model_name=model,
        name="uuid",
        field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="uuid"),
    )


class Migration(migrations.Migration):
    dependencies = [("housing", "0008_waiting_list_covering_index")]

    operations = [
        *(_nullable(model.lower()) for model in MODELS),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        *(_unique(model.lower()) for model in MODELS),
    ]
