"""Audit is data: every audit table refuses to change or lose a row, in the model and in the database."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from actionplan.models import ItemEdit, StatusUpdate
from actionplan.tests.factories import ActionItemFactory
from publications.models import RegistryChange, RegistryEdit, RegistryStep
from publications.tests.factories import make_entry
from taskforce.audit import AppendOnlyError
from taskforce.testing.plugin import missing
from tips.models import AccessLogEntry
from training import services as training_services
from training.models import Action, AssignmentEvent, Certificate, CertificateEvent
from training.tests.factories import make_course

pytestmark = pytest.mark.django_db


def _status_update(user, org):
    item = ActionItemFactory(lead_organization=org)
    return StatusUpdate.objects.create(
        item=item, author=user, old_status="not_started", new_status="on_track", old_progress=0, new_progress=10,
        reason="Started.",
    )  # fmt: skip


def _item_edit(user, org):
    item = ActionItemFactory(lead_organization=org)
    return ItemEdit.objects.create(item=item, actor=user, old_values={"title": "a"}, new_values={"title": "b"})


def _registry_change(user, org):
    return RegistryChange.objects.get(entry=make_entry(created_by=user))


def _registry_edit(user, org):
    return RegistryEdit.objects.create(entry=make_entry(created_by=user), actor=user, version=1, fields="created")


def _registry_step(user, org):
    entry = make_entry(created_by=user, status="legal_review")
    return RegistryStep.objects.create(
        entry=entry, action="submitted", actor=user, version=2, old_status="draft", new_status="legal_review"
    )


def _access_log(user, org):
    return AccessLogEntry.objects.create(tip_reference="TIP-TEST", actor=user, action="viewed")


def _certificate_event(user, org):
    enrolment = training_services.enrolment_start(user=user, course=make_course())
    certificate = Certificate.objects.create(
        enrolment=enrolment, user=user, token="t" * 43, learner_name="L", course_title={"en": "C", "fr": "C"},
        version_number=1, score=100, issued_on=timezone.localdate(),
    )  # fmt: skip
    return CertificateEvent.objects.create(certificate=certificate, action=Action.ISSUED, actor=user)


def _assignment_event(user, org):
    return AssignmentEvent.objects.create(assignment_ref=1, organization=org, action=Action.CREATED, actor=user)


MAKERS = [
    _status_update,
    _item_edit,
    _registry_change,
    _registry_edit,
    _registry_step,
    _access_log,
    _certificate_event,
    _assignment_event,
]
# A column of each table that a forger would like to rewrite.
TEXT_COLUMN = {
    StatusUpdate: "reason",
    ItemEdit: "new_values",
    RegistryChange: "reason",
    RegistryEdit: "fields",
    RegistryStep: "action",
    AccessLogEntry: "detail",
    CertificateEvent: "reason",
    AssignmentEvent: "action",
}


@pytest.fixture(params=MAKERS, ids=lambda maker: maker.__name__.strip("_"))
def row(request, make_user, org_a):
    return request.param(make_user(orgs=[org_a]), org_a)


def _unchanged(row):
    fresh = type(row).objects.get(pk=row.pk)
    column = TEXT_COLUMN[type(row)]
    assert getattr(fresh, column) == getattr(row, column)


def test_the_model_refuses_to_change_or_delete_a_row(row):
    model = type(row)
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(**{TEXT_COLUMN[model]: "forged"})
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    _unchanged(row)
    assert model.objects.filter(pk=row.pk).exists()


def test_the_database_refuses_a_raw_update(row):
    table = type(row)._meta.db_table
    column = TEXT_COLUMN[type(row)]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", ['"forged"', row.pk])
    _unchanged(row)


def test_postgresql_refuses_a_raw_delete(row):
    if connection.vendor != "postgresql":
        missing("the DELETE guard is a PostgreSQL trigger (set DATABASE_URL)")
    table = type(row)._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row.pk])
    assert type(row).objects.filter(pk=row.pk).exists()


def test_the_database_lets_a_purge_detach_a_row_and_nothing_more(make_user, org_a):
    """A detachable link (on_delete=SET_NULL) may become NULL when its target goes; it may not be re-pointed."""
    user = make_user(orgs=[org_a])
    row = _access_log(user, org_a)
    other = make_user(orgs=[org_a], email="other@example.org")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE tips_accesslogentry SET actor_id = %s WHERE id = %s", [other.pk, row.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE tips_accesslogentry SET actor_id = NULL, detail = 'x' WHERE id = %s", [row.pk])
    AccessLogEntry.objects.filter(pk=row.pk).update(actor=None)  # what the deletion collector does
    assert AccessLogEntry.objects.get(pk=row.pk).actor is None
