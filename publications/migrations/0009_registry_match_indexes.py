"""The matcher's indexes (/api/registry/match): the identifiers, built without blocking writes (a big table), and on
PostgreSQL a trigram index over the normalized names, which the matcher's candidate query uses (`<%`)."""

from django.db import migrations, models

from taskforce.migration_operations import AddIndexConcurrently

TRIGRAM = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS publications_entry_name_norm_trgm ON publications_registryentry "
    "USING gin (name_norm gin_trgm_ops)"
)


def _trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM)


def _trigram_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS publications_entry_name_norm_trgm")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("publications", "0008_registry_identifiers_and_normalized_names")]

    operations = [
        AddIndexConcurrently(
            model_name='registryentry',
            index=models.Index(condition=models.Q(('business_number', ''), _negated=True), fields=['business_number'], name='registry_business_number'),
        ),
        AddIndexConcurrently(
            model_name='registryentry',
            index=models.Index(condition=models.Q(('corporate_registry_number', ''), _negated=True), fields=['corporate_registry_number'], name='registry_corporate_number'),
        ),
        migrations.RunPython(_trigram, _trigram_drop),
    ]
