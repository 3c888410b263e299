"""A submitted Article 7 version is never changed: the database refuses any UPDATE of its rows.

The services never update a ReportVersion; this trigger makes the rule hold for every other path
too (the admin, a shell, raw SQL, a future bug), which is what "never overwritten" has to mean for a
State's legally relevant submission. DELETE is left to PROTECT and the services, so that test
databases can still be flushed.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION reporting_reportversion_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reporting_reportversion_immutable: a submitted report version is never changed (id %)', OLD.id;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reporting_reportversion_immutable BEFORE UPDATE ON reporting_reportversion
    FOR EACH ROW EXECUTE FUNCTION reporting_reportversion_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS reporting_reportversion_immutable ON reporting_reportversion;
DROP FUNCTION IF EXISTS reporting_reportversion_refuse_update();
"""
SQLITE_UP = """
CREATE TRIGGER reporting_reportversion_immutable BEFORE UPDATE ON reporting_reportversion
BEGIN
    SELECT RAISE(ABORT, 'reporting_reportversion_immutable: a submitted report version is never changed');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS reporting_reportversion_immutable;"


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql, params=None)  # None: no %-formatting of the function body

    return run


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_article7_reports")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
