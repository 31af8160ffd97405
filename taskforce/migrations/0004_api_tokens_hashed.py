"""API tokens were kept in clear by rest_framework.authtoken. Each key becomes a django-rest-knox digest (the same
key keeps working for accounts allowed to use tokens) and the clear table is dropped."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"


def tokens_hash(apps, schema_editor):
    from knox.crypto import hash_token  # noqa: PLC0415 -- knox's own digest, as its authentication computes it
    from knox.settings import CONSTANTS  # noqa: PLC0415 -- today's code, only where old rows wait

    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {OLD_TABLE}")  # noqa: S608 -- a constant table name
        rows = cursor.fetchall()
    expiry = timezone.now() + timedelta(days=90)
    AuthToken.objects.bulk_create(
        [
            AuthToken(digest=hash_token(key), token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH], user_id=user_id, expiry=expiry)
            for key, user_id in rows
        ]
    )
    schema_editor.execute(f"DROP TABLE {OLD_TABLE}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [
        ("taskforce", "0003_accounts_secrets_enrolment"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(tokens_hash, migrations.RunPython.noop)]
