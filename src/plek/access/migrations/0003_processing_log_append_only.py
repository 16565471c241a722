"""Make the processing log append-only in the database: refuse UPDATE and DELETE of its rows.

The SQL differs per database, so each vendor runs its own statements. PostgreSQL's TRUNCATE is
left alone on purpose: it fires no row triggers, is only open to the table owner, and the test
runner empties tables with it; verify_log still reports the missing rows against the chain heads.
"""

from django.db import migrations

TABLE = "access_processinglogentry"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER access_log_no_update BEFORE UPDATE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen: wijzigen geweigerd');
    END
    """,
    f"""
    CREATE TRIGGER access_log_no_delete BEFORE DELETE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen: verwijderen geweigerd');
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS access_log_no_update",
    "DROP TRIGGER IF EXISTS access_log_no_delete",
]

POSTGRESQL_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION access_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $body$
    BEGIN
        RAISE EXCEPTION 'Het verwerkingenlog is alleen-toevoegen: % geweigerd', TG_OP
            USING ERRCODE = 'restrict_violation';
    END;
    $body$
    """,
    f"""
    CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change()
    """,
]
POSTGRESQL_BACKWARD = [
    f"DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS access_log_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, forward):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"Geen alleen-toevoegen-triggers voor database {vendor!r}")
    for statement in STATEMENTS[vendor][0 if forward else 1]:
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _run(schema_editor, forward=True)


def remove(apps, schema_editor):
    _run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_initial"),
    ]

    operations = [migrations.RunPython(install, remove)]
