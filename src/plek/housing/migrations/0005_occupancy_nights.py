"""One place per night across stays and respite bookings, in the database (PostgreSQL).

Migration 0003 keeps stays apart per unit and per person, and respite bookings per unit. A
stay and a respite booking live in two tables, which one exclusion constraint cannot span. So
the occupied nights of both are mirrored, by triggers, into one table ``housing_occupancy``
(one row per stay or booking: unit, person, facility, the nights as a daterange, and whether
the place is the person's own home, i.e. Housing First), with two exclusion constraints:

- ``occupancy_unit_no_overlap``: one occupant per unit per night, stay or respite booking;
- ``occupancy_person_no_overlap``: one place per person per night; Housing First is the
  person's own home, so a respite booking beside a Housing First stay is allowed (the rule of
  respite), everything else excludes each other.

Like 0003 they are DEFERRABLE INITIALLY DEFERRED (an import is judged on its end state); the
services switch them to IMMEDIATE. The table is written only by the triggers; plek reads
occupancy from the stays and bookings themselves. "A facility never above its capacity on any
night" is no exclusion constraint: the services check it with the facility row locked
(``plek.housing.occupancy.check_capacity``). SQLite: nothing here; the services check.
"""

from django.db import migrations

FORWARDS = r"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE housing_occupancy (
    id bigserial PRIMARY KEY,
    stay_id bigint UNIQUE,
    respite_id bigint UNIQUE,
    unit_id bigint,
    person_id bigint NOT NULL,
    facility_id bigint NOT NULL,
    nights daterange NOT NULL,
    home boolean NOT NULL DEFAULT false,
    CONSTRAINT occupancy_one_source CHECK ((stay_id IS NULL) <> (respite_id IS NULL))
);
ALTER TABLE housing_occupancy ADD CONSTRAINT occupancy_unit_no_overlap
    EXCLUDE USING gist (unit_id WITH =, nights WITH &&) WHERE (unit_id IS NOT NULL)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE housing_occupancy ADD CONSTRAINT occupancy_person_no_overlap
    EXCLUDE USING gist (person_id WITH =, nights WITH &&) WHERE (NOT home)
    DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX housing_occupancy_facility ON housing_occupancy (facility_id);

CREATE FUNCTION housing_occupancy_of_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM housing_occupancy WHERE stay_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO housing_occupancy (stay_id, unit_id, person_id, facility_id, nights, home)
        SELECT NEW.id, NEW.unit_id, NEW.person_id, NEW.facility_id,
               daterange(NEW.start_date, NEW.end_date, '[)'), f.category = 'hf'
        FROM housing_facility f WHERE f.id = NEW.facility_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION housing_occupancy_of_respite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM housing_occupancy WHERE respite_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO housing_occupancy (respite_id, unit_id, person_id, facility_id, nights)
        SELECT NEW.id, NEW.unit_id, NEW.person_id, u.facility_id,
               daterange(NEW.start_date, NEW.end_date, '[)')
        FROM housing_unit u WHERE u.id = NEW.unit_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER housing_stay_occupancy AFTER INSERT OR UPDATE OR DELETE ON housing_stay
    FOR EACH ROW EXECUTE FUNCTION housing_occupancy_of_stay();
CREATE TRIGGER housing_respite_occupancy
    AFTER INSERT OR UPDATE OR DELETE ON housing_respitebooking
    FOR EACH ROW EXECUTE FUNCTION housing_occupancy_of_respite();

-- Emptying a table (a test's flush, a fresh import) empties its mirror.
CREATE FUNCTION housing_occupancy_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'housing_stay' THEN
        DELETE FROM housing_occupancy WHERE stay_id IS NOT NULL;
    ELSE
        DELETE FROM housing_occupancy WHERE respite_id IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER housing_stay_occupancy_truncate AFTER TRUNCATE ON housing_stay
    FOR EACH STATEMENT EXECUTE FUNCTION housing_occupancy_truncate();
CREATE TRIGGER housing_respite_occupancy_truncate AFTER TRUNCATE ON housing_respitebooking
    FOR EACH STATEMENT EXECUTE FUNCTION housing_occupancy_truncate();

INSERT INTO housing_occupancy (stay_id, unit_id, person_id, facility_id, nights, home)
SELECT s.id, s.unit_id, s.person_id, s.facility_id,
       daterange(s.start_date, s.end_date, '[)'), f.category = 'hf'
FROM housing_stay s JOIN housing_facility f ON f.id = s.facility_id;
INSERT INTO housing_occupancy (respite_id, unit_id, person_id, facility_id, nights)
SELECT r.id, r.unit_id, r.person_id, u.facility_id, daterange(r.start_date, r.end_date, '[)')
FROM housing_respitebooking r JOIN housing_unit u ON u.id = r.unit_id;
"""

BACKWARDS = """
DROP TRIGGER IF EXISTS housing_stay_occupancy ON housing_stay;
DROP TRIGGER IF EXISTS housing_respite_occupancy ON housing_respitebooking;
DROP FUNCTION IF EXISTS housing_occupancy_of_stay();
DROP TRIGGER IF EXISTS housing_stay_occupancy_truncate ON housing_stay;
DROP TRIGGER IF EXISTS housing_respite_occupancy_truncate ON housing_respitebooking;
DROP FUNCTION IF EXISTS housing_occupancy_of_respite();
DROP FUNCTION IF EXISTS housing_occupancy_truncate();
DROP TABLE IF EXISTS housing_occupancy;
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS, params=None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS, params=None)


class Migration(migrations.Migration):
    dependencies = [("housing", "0004_stay_origin_municipality")]

    operations = [migrations.RunPython(forwards, backwards)]
