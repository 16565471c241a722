"""The precomputed monitor's tables and the triggers that log changes to the data it reads."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

ALL = "all"
# table -> (the day a changed row's effect starts from, or ALL; columns whose change matters for
# tables where most edits do not touch the monitor).
WATCHED: dict[str, tuple[tuple[str, ...] | str, tuple[str, ...]]] = {
    "housing_stay": (("start_date", "end_date"), ()),
    "housing_waitingentry": (("registered_on", "placed_on", "withdrawn_on"), ()),
    "housing_capacityperiod": (ALL, ()),
    "housing_facility": (
        ALL,
        ("external_id", "type", "category", "municipality_id", "day_tariff"),
    ),
    "people_person": (ALL, ("sex", "birth_date", "origin_municipality_id")),
    "accounts_municipality": (ALL, ("code",)),
    "signals_signal": (("received_on",), ()),
    "intake_assessment": (("assessed_on",), ()),
    "intake_assessmentscore": ("score", ()),
    "plans_plan": (("started_on",), ()),
    "postal_postalapplication": (("applied_on", "decided_on", "ended_on"), ()),
    "aftercare_aftercaretrack": (("started_on", "ended_on"), ()),
    "aftercare_checkin": (("due_on", "done_on"), ()),
}
EPOCH = "0001-01-01"


def _since(days: tuple[str, ...] | str, row: str, postgres: bool) -> str:
    """SQL for the earliest day a changed row `row` can affect."""
    if days == ALL:
        return f"DATE '{EPOCH}'" if postgres else f"'{EPOCH}'"
    if days == "score":
        # A score counts from its assessment's day (or everywhere if that is gone already).
        lookup = f"(SELECT a.assessed_on FROM intake_assessment a WHERE a.id = {row}.assessment_id)"
        return f"COALESCE({lookup}, {_since(ALL, row, postgres)})"
    first, *rest = days
    if postgres:
        return f"LEAST({', '.join(f'{row}.{column}' for column in days)})"
    if not rest:
        return f"{row}.{first}"
    return f"MIN({', '.join([f'{row}.{first}', *[f'COALESCE({row}.{c}, {row}.{first})' for c in rest]])})"


POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION monitor_log_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    since date;
    before date;
BEGIN
    EXECUTE 'SELECT MIN(' || TG_ARGV[0] || ') FROM changed c' INTO since;
    IF TG_OP = 'UPDATE' THEN
        EXECUTE 'SELECT MIN(' || TG_ARGV[0] || ') FROM changed_before c' INTO before;
        since := LEAST(since, before);
    END IF;
    IF since IS NOT NULL THEN
        INSERT INTO monitor_monitorchange (xid, since)
        VALUES (pg_current_xact_id()::text::bigint, since);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION monitor_log_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO monitor_monitorchange (xid, since)
    VALUES (pg_current_xact_id()::text::bigint, DATE '{EPOCH}');
    RETURN NULL;
END $$;
"""


def _postgres(table: str, days: tuple[str, ...] | str, columns: tuple[str, ...]) -> list[str]:
    name = f"monitor_log_{table}"
    if columns:
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        return [
            f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {table} FOR EACH ROW "
            f"WHEN ({changed}) EXECUTE FUNCTION monitor_log_all()",
            f"CREATE TRIGGER {name}_del AFTER DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION monitor_log_all()",
        ]
    expression = _since(days, "c", postgres=True).replace("'", "''")
    return [
        f"CREATE TRIGGER {name}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS changed "
        f"FOR EACH STATEMENT EXECUTE FUNCTION monitor_log_rows('{expression}')",
        f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed "
        f"FOR EACH STATEMENT EXECUTE FUNCTION monitor_log_rows('{expression}')",
        f"CREATE TRIGGER {name}_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS changed "
        f"FOR EACH STATEMENT EXECUTE FUNCTION monitor_log_rows('{expression}')",
        f"CREATE TRIGGER {name}_trunc AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION monitor_log_all()",
    ]


def _sqlite(table: str, days: tuple[str, ...] | str, columns: tuple[str, ...]) -> list[str]:
    def body(since: str) -> str:
        return (
            "BEGIN UPDATE monitor_monitorcounter SET value = value + 1; "
            "INSERT INTO monitor_monitorchange (xid, since) "
            f"SELECT value, {since} FROM monitor_monitorcounter; END"
        )

    name = f"monitor_log_{table}"
    if columns:
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        return [
            f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {table} FOR EACH ROW "
            f"WHEN {changed} {body(repr(EPOCH))}",
            f"CREATE TRIGGER {name}_del AFTER DELETE ON {table} FOR EACH ROW {body(repr(EPOCH))}",
        ]
    new, old = _since(days, "NEW", postgres=False), _since(days, "OLD", postgres=False)
    return [
        f"CREATE TRIGGER {name}_ins AFTER INSERT ON {table} FOR EACH ROW {body(new)}",
        f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {table} FOR EACH ROW "
        f"{body(f'MIN({new}, {old})')}",
        f"CREATE TRIGGER {name}_del AFTER DELETE ON {table} FOR EACH ROW {body(old)}",
    ]


def statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        result = [POSTGRES_FUNCTIONS]
        for table, (days, columns) in WATCHED.items():
            result += _postgres(table, days, columns)
        return result
    result = ["INSERT INTO monitor_monitorcounter (value) VALUES (0)"]
    for table, (days, columns) in WATCHED.items():
        result += _sqlite(table, days, columns)
    return result


def create_triggers(apps: Any, schema_editor: Any) -> None:
    for statement in statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in WATCHED:
        for suffix in ("ins", "upd", "del", "trunc"):
            on = f" ON {table}" if postgres else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS monitor_log_{table}_{suffix}{on}")
    if postgres:
        schema_editor.execute("DROP FUNCTION IF EXISTS monitor_log_rows()")
        schema_editor.execute("DROP FUNCTION IF EXISTS monitor_log_all()")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("aftercare", "0002_coach_schedule_checkin_domains_alerts"),
        ("housing", "0003_no_double_booking"),
        ("intake", "0002_intake_participants_narratives"),
        ("people", "0003_consent_duplicateoverrule_personmerge_and_more"),
        ("plans", "0002_household_case_lead_goals"),
        ("postal", "0002_briefadres_process"),
        ("signals", "0002_signal_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonitorChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                ),
                ("xid", models.BigIntegerField()),
                ("since", models.DateField()),
            ],
            options={
                "indexes": [models.Index(fields=["since", "xid"], name="monitor_change_since")]
            },
        ),
        migrations.CreateModel(
            name="MonitorCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="MonitorFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                ),
                ("period_start", models.DateField()),
                ("period_end", models.DateField()),
                ("as_of", models.DateField()),
                ("municipality", models.CharField(blank=True, max_length=16)),
                ("cut", models.CharField(blank=True, max_length=64)),
                ("norms", models.CharField(max_length=200)),
                ("figure", models.CharField(max_length=4)),
                ("value", models.JSONField()),
                ("snapshot", models.CharField(max_length=2000)),
                ("computed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "period_start",
                            "period_end",
                            "as_of",
                            "municipality",
                            "cut",
                            "norms",
                            "figure",
                        ),
                        name="monitor_figure_key",
                    )
                ]
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
