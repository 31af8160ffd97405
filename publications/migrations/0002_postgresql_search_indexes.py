"""PostgreSQL only: trigram indexes so "contains" searches over the normalized names stay fast at 100,000
entries, and an index for the case-insensitive city filter. SQLite skips this and scans (correct, slower)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS publications_entry_search_trgm ON publications_registryentry "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS publications_entry_city_upper ON publications_registryentry (UPPER(city))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS publications_entry_city_upper",
    "DROP INDEX IF EXISTS publications_entry_search_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
