"""Re-encrypt every tip field and file still under FIELD_ENCRYPTION_KEYS with the newest key in the list.

Run it after putting a new key first in the list; once it has finished, the old key can be removed. Only tips from
before issue 23 use these keys (until `tips_seal_existing`): sealed tips have their Fernet columns empty and their
files sealed, and are left alone.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from taskforce import storage
from tips.crypto import EncryptedTextField, rotate_token
from tips.models import Tip, TipFile, TipMessage, TipReminder


def _rotate_table(model) -> int:
    """Rotate the raw tokens column by column (MultiFernet.rotate), without decrypting into Python objects; the
    empty values of sealed tips are skipped."""
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
                # Only if the value is still that token: `tips_seal_existing` may have blanked it meanwhile.
                cursor.execute(
                    f"UPDATE {table} SET {column} = %s WHERE id = %s AND {column} = %s",  # noqa: S608
                    [field.raw_rotate(stored), pk, stored],
                )
                count += cursor.rowcount
    return count


def _rotate_files() -> int:
    """Each file is read through the storage and replaced whole (taskforce.storage.replace: renamed over on the
    disk, one PUT on object storage): a crash never leaves a file half-written, and every machine sees it."""
    count = 0
    for file_id in TipFile.objects.filter(sealed=False).values_list("id", flat=True):  # a sealed file is no token
        with transaction.atomic():  # the row locked: `tips_seal_existing` does not replace the file meanwhile
            tip_file = TipFile.objects.select_for_update().filter(id=file_id, sealed=False).first()
            if tip_file is None:
                continue
            with default_storage.open(tip_file.storage_name, "rb") as handle:
                token = handle.read()
            storage.replace(tip_file.storage_name, rotate_token(token))
            count += 1
    return count


class Command(BaseCommand):
    help = "Re-encrypt tips, messages, reminders and files with the newest FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        with transaction.atomic():
            values = sum(_rotate_table(model) for model in (Tip, TipMessage, TipReminder))
        files = _rotate_files()
        self.stdout.write(f"re-encrypted {values} values and {files} files")
