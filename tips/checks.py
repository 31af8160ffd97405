"""A routing check: every kind of exploitation from every province and territory must reach an active hotline.

Tagged `database` so it runs only when asked to look at the data (`manage.py check --database default`)."""

from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from taskforce.vocabulary import ExploitationKind, Province


@register(Tags.database)
def routing_check(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from . import selectors  # noqa: PLC0415 -- models and storage are loaded only when the check runs
    from .models import Hotline  # noqa: PLC0415 -- models and storage are loaded only when the check runs

    try:
        if not Hotline.objects.exists():
            # A database just migrated, before `seed_demo` or the admin loaded hotlines: say so, but do not
            # block `migrate` itself (which runs database checks before migrating).
            return [
                Warning(
                    "No hotline is configured yet: tips cannot be routed.",
                    id="tips.W001",
                    hint="Run `manage.py seed_demo` or add hotlines in the admin.",
                )
            ]
        missing = [
            (province, kind)
            for province in Province.values
            for kind in ExploitationKind.values
            if not selectors.receivers_for(province=province, kind=kind)
        ]
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Error(
            f"No active hotline receives tips of kind '{kind}' from {province}.",
            hint="Add a routing rule or activate the national hotline (tips.Hotline with is_national).",
            obj="tips.RoutingRule",
            id="tips.E001",
        )
        for province, kind in missing
    ]


# How many values of each encrypted column (and files) the key check opens: the oldest and the newest rows, where
# a key replaced instead of added shows first.
KEY_CHECK_SAMPLE = 5


@register(Tags.database, Tags.security)
def encrypted_data_check(app_configs=None, databases=None, **kwargs):
    """Every encrypted column (any model with an EncryptedTextField) and the tip files can still be opened with
    FIELD_ENCRYPTION_KEYS. Only tips from before issue 23 use these keys: the empty columns and the sealed files
    of sealed tips are not sampled. Runs with `check --database default` (and `check --deploy --database default`).
    Reports only column names, counts and dates: never what a value holds."""
    if not databases:
        return []
    try:
        problems = [*_unreadable_columns(), *_unreadable_files()]
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Error(
            f"{where}: {bad} of {sampled} sampled values cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS "
            f"(encrypted on {_dates(dates)}).",
            hint="The key in use on that date was replaced instead of added, or removed before "
            "`manage.py tips_rotate_keys` ran: put it back in FIELD_ENCRYPTION_KEYS after the newest key, run "
            "`manage.py tips_rotate_keys`, and only then remove it. Until then these tips show an error page.",
            obj=where,
            id="tips.E002",
        )
        for where, bad, sampled, dates in problems
    ]


def _dates(dates: list) -> str:
    days = sorted({d.date().isoformat() for d in dates if d})
    return ", ".join(days) if len(days) <= 3 else f"{days[0]} … {days[-1]}"


def _sample(cursor, table: str, column: str) -> list[str]:
    values = {}
    for order in ("ASC", "DESC"):
        cursor.execute(
            f"SELECT id, {column} FROM {table} WHERE {column} <> '' ORDER BY id {order} LIMIT %s",  # noqa: S608
            [KEY_CHECK_SAMPLE],
        )
        values.update(cursor.fetchall())
    return list(values.values())


def _unreadable_columns():
    from django.apps import apps  # noqa: PLC0415 -- models and storage are loaded only when the check runs
    from django.db import connection  # noqa: PLC0415 -- models and storage are loaded only when the check runs

    from .crypto import EncryptedTextField, encrypted_on, readable  # noqa: PLC0415 -- models and storage are loaded only when the check runs

    quote = connection.ops.quote_name
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, EncryptedTextField):
                continue
            with connection.cursor() as cursor:  # raw tokens: the field itself would decrypt them
                tokens = [t.encode("ascii") for t in _sample(cursor, quote(model._meta.db_table), quote(field.column))]
            bad = [t for t in tokens if not readable(t)]
            if bad:
                yield f"{model._meta.label}.{field.name}", len(bad), len(tokens), [encrypted_on(t) for t in bad]


def _unreadable_files():
    from django.core.files.storage import default_storage  # noqa: PLC0415 -- models and storage are loaded only when the check runs

    from .crypto import encrypted_on, readable  # noqa: PLC0415 -- models and storage are loaded only when the check runs
    from .models import TipFile  # noqa: PLC0415 -- models and storage are loaded only when the check runs

    legacy = TipFile.objects.filter(sealed=False)  # a sealed file (issue 23) is no Fernet token
    files = list(legacy.order_by("id")[:KEY_CHECK_SAMPLE]) + list(legacy.order_by("-id")[:KEY_CHECK_SAMPLE])
    tokens = []
    for tip_file in {f.id: f for f in files}.values():
        try:
            with default_storage.open(tip_file.storage_name, "rb") as handle:
                tokens.append(handle.read())
        except OSError:
            continue  # a missing file is not a key problem
    bad = [t for t in tokens if not readable(t)]
    if bad:
        yield "tips.TipFile (stored files)", len(bad), len(tokens), [encrypted_on(t) for t in bad]
