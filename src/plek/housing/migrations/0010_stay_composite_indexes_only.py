"""Stays keep one index per foreign key that leads: (person, start_date), (facility, start_date)
and (unit, start_date) serve every lookup by person, facility or unit, so their single-column
indexes go. Each index is written for every stay (5.5 million in a national import): on 1.1
million stays these three were 11% of the insert's time (docs/performance.md).

Only the indexes are dropped: Django's own operation would also drop and re-add the foreign keys,
which checks every stay again under a lock.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "person_id": "housing_stay_person_id_92d56bc7",
    "facility_id": "housing_stay_facility_id_b14ce3bd",
    "unit_id": "housing_stay_unit_id_102db3b6",
}


class Migration(migrations.Migration):
    dependencies = [
        ("housing", "0009_public_uuids"),
        ("people", "0007_public_uuids"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "housing_stay" ("{column}")',
                )
                for column, name in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="stay",
                    name="facility",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="stays",
                        to="housing.facility",
                        verbose_name="voorziening",
                    ),
                ),
                migrations.AlterField(
                    model_name="stay",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="stays",
                        to="people.person",
                        verbose_name="persoon",
                    ),
                ),
                migrations.AlterField(
                    model_name="stay",
                    name="unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="stays",
                        to="housing.unit",
                        verbose_name="eenheid",
                    ),
                ),
            ],
        )
    ]
