"""Re-encrypt every tip field and file with the newest key in FIELD_ENCRYPTION_KEYS.

Run it after putting a new key first in the list; once it has finished, the old key can be removed.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from taskforce import storage
from tips.crypto import EncryptedTextField, rotate_token
from tips.models import Tip, TipFile, TipMessage


def _rotate_table(model) -> int:
    """Rotate the raw tokens column by column (MultiFernet.rotate), without decrypting into Python objects."""
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    for field in model._meta.concrete_fields:
        if not isinstance(field, EncryptedTextField):
            continue
        column = connection.ops.quote_name(field.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
            rows = cursor.fetchall()
            for pk, stored in rows:
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [field.raw_rotate(stored), pk])  # noqa: S608
                count += 1
    return count


def _rotate_files() -> int:
    """Each file is read through the storage and replaced whole (taskforce.storage.replace: renamed over on the
    disk, one PUT on object storage): a crash never leaves a file half-written, and every machine sees it."""
    count = 0
    for tip_file in TipFile.objects.all():
        with default_storage.open(tip_file.storage_name, "rb") as handle:
            token = handle.read()
        storage.replace(tip_file.storage_name, rotate_token(token))
        count += 1
    return count


class Command(BaseCommand):
    help = "Re-encrypt tips, messages and files with the newest FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        with transaction.atomic():
            values = _rotate_table(Tip) + _rotate_table(TipMessage)
        files = _rotate_files()
        self.stdout.write(f"re-encrypted {values} values and {files} files")
