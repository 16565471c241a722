"""Indexes for the rows their questions ask about (docs/performance.md, 7 December 2026).

- Who is in a facility today reads its open stays only: ``stay_open_by_facility`` indexes the
  stays without an end date by facility. The (facility, start date) index read a facility's
  whole history for it (153,441 stays for 1,383 open ones in the national set's largest
  facility). Open stays are a few percent of all stays, so the index costs an import little.
- The stays' unit index holds only stays with a unit (``stay_by_unit``): an imported stay has
  none, and a national import wrote 5.5 million empty keys into it.
- The occupancy rows lose their facility index: nothing reads them by facility (plek reads
  occupancy from the stays and bookings), and every stay wrote a key into it.
"""

from django.db import migrations, models

OCCUPANCY_FACILITY_INDEX = "housing_occupancy_facility"


def drop_occupancy_facility_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OCCUPANCY_FACILITY_INDEX}")


def add_occupancy_facility_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {OCCUPANCY_FACILITY_INDEX} ON housing_occupancy (facility_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_configchange"),
        ("housing", "0011_one_guard_per_rule"),
        ("people", "0007_public_uuids"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="stay", name="housing_sta_unit_id_5798f7_idx"),
        migrations.AddIndex(
            model_name="stay",
            index=models.Index(
                condition=models.Q(("unit__isnull", False)),
                fields=["unit", "start_date"],
                name="stay_by_unit",
            ),
        ),
        migrations.AddIndex(
            model_name="stay",
            index=models.Index(
                condition=models.Q(("end_date__isnull", True)),
                fields=["facility", "start_date"],
                name="stay_open_by_facility",
            ),
        ),
        migrations.RunPython(drop_occupancy_facility_index, add_occupancy_facility_index),
    ]
