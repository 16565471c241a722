"""Each occupancy rule is guarded once, on the occupancy rows (PostgreSQL).

Migration 0003 put exclusion constraints on the stays (per person, per unit) and the respite
bookings (per unit); 0005 mirrored the nights of both into ``housing_occupancy`` and guarded
them there again. The occupancy rows hold every stay and every booking, so the second guard
already covers everything the first does, except that its person rule left Housing First rows
out altogether (respite beside one's own home is allowed), and so needed the stays' own rule to
keep two stays apart when one of them is Housing First.

Every person-night is now one claim on the occupancy rows: a row claims one or both of two
slots, and two rows of one person conflict on a night when their claims meet.

- A stay claims the stay slot (0): two stays never overlap, whatever their facilities.
- A respite booking claims the respite slot (1): two bookings never overlap.
- A stay that is not Housing First claims the respite slot too: no booking beside it.

The claims are the integer range [0, 2), [0, 1) or [1, 2), so the rule is one GiST exclusion
constraint with range overlap, no extension beyond ``btree_gist``. The three constraints on the
stays and bookings go: each was maintained on every insert (on 5.5 million stays the person
rule was more than half of the stays' insert, docs/performance.md), while the rows they judged
are judged on the occupancy rows in the same statement.
"""

from django.db import migrations

CLAIMS = (
    "(CASE WHEN respite_id IS NOT NULL THEN int4range(1, 2) "
    "WHEN home THEN int4range(0, 1) ELSE int4range(0, 2) END)"
)
DEFERRED = "DEFERRABLE INITIALLY DEFERRED"
NIGHTS = "daterange(start_date, end_date, '[)') WITH &&"

FORWARDS = f"""
ALTER TABLE housing_occupancy DROP CONSTRAINT occupancy_person_no_overlap;
ALTER TABLE housing_occupancy ADD CONSTRAINT occupancy_person_no_overlap
    EXCLUDE USING gist (person_id WITH =, nights WITH &&, {CLAIMS} WITH &&) {DEFERRED};
ALTER TABLE housing_stay DROP CONSTRAINT IF EXISTS stay_person_no_overlap;
ALTER TABLE housing_stay DROP CONSTRAINT IF EXISTS stay_unit_no_overlap;
ALTER TABLE housing_respitebooking DROP CONSTRAINT IF EXISTS respite_unit_no_overlap;
"""

BACKWARDS = f"""
ALTER TABLE housing_stay ADD CONSTRAINT stay_unit_no_overlap
    EXCLUDE USING gist (unit_id WITH =, {NIGHTS}) WHERE (unit_id IS NOT NULL) {DEFERRED};
ALTER TABLE housing_stay ADD CONSTRAINT stay_person_no_overlap
    EXCLUDE USING gist (person_id WITH =, {NIGHTS}) {DEFERRED};
ALTER TABLE housing_respitebooking ADD CONSTRAINT respite_unit_no_overlap
    EXCLUDE USING gist (unit_id WITH =, {NIGHTS}) {DEFERRED};
ALTER TABLE housing_occupancy DROP CONSTRAINT occupancy_person_no_overlap;
ALTER TABLE housing_occupancy ADD CONSTRAINT occupancy_person_no_overlap
    EXCLUDE USING gist (person_id WITH =, nights WITH &&) WHERE (NOT home) {DEFERRED};
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS, params=None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS, params=None)


class Migration(migrations.Migration):
    dependencies = [("housing", "0010_stay_composite_indexes_only")]

    operations = [migrations.RunPython(forwards, backwards)]
