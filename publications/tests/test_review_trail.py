"""The registry's review steps are audit rows: who submitted, who sent an entry back, who approved it."""

import pytest
from django.test import Client
from django.urls import reverse

from publications import services
from publications.models import RegistryEntry, RegistryStep
from taskforce.testing.auth import login

from .factories import entry_data

S = RegistryEntry.Status
A = RegistryStep.Action
pytestmark = pytest.mark.django_db


def _act(client, entry, action):
    entry.refresh_from_db()
    url = reverse("publications:entry_action", args=[entry.public_id, action])
    return client.post(url, {"version": entry.version, "confirm": "on"}, follow=True)


def _steps(entry):
    return list(entry.steps.values_list("action", "actor__email", "old_status", "new_status"))


def test_each_step_leaves_exactly_one_row_with_the_actor_and_the_old_and_new_status(editor, approver):
    entry = services.entry_create(actor=editor, data=entry_data())
    _act(login(Client(), editor), entry, "submit")
    assert _steps(entry) == [(A.SUBMITTED, editor.email, S.DRAFT, S.LEGAL_REVIEW)]
    _act(login(Client(), approver), entry, "approve")
    assert _steps(entry)[1:] == [(A.APPROVED, approver.email, S.LEGAL_REVIEW, S.APPROVED)]


def test_approving_after_a_return_keeps_both_people_known(editor, approver, editor_approver):
    entry = services.entry_create(actor=editor, data=entry_data())
    entry = services.entry_submit_for_review(entry=entry, actor=editor, version=entry.version)
    entry = services.entry_approve(entry=entry, actor=approver, version=entry.version)
    _act(login(Client(), editor_approver), entry, "return")
    entry.refresh_from_db()
    assert entry.approved_by == approver, "sending it back does not erase who approved it"
    entry = services.entry_submit_for_review(entry=entry, actor=editor, version=entry.version)
    entry = services.entry_approve(entry=entry, actor=approver, version=entry.version)
    assert [(action, who) for action, who, _old, _new in _steps(entry)] == [
        (A.SUBMITTED, editor.email),
        (A.APPROVED, approver.email),
        (A.RETURNED, editor_approver.email),
        (A.SUBMITTED, editor.email),
        (A.APPROVED, approver.email),
    ]
    assert entry.approved_by == approver


def test_an_edit_that_sends_an_approved_entry_back_names_who_did_it(editor, approver, editor_approver):
    entry = services.entry_create(actor=editor, data=entry_data())
    entry = services.entry_submit_for_review(entry=entry, actor=editor, version=entry.version)
    entry = services.entry_approve(entry=entry, actor=approver, version=entry.version)
    services.entry_update(entry=entry, actor=editor_approver, data={"summary": "Changed."}, version=entry.version)
    assert _steps(entry)[-1] == (A.RETURNED, editor_approver.email, S.APPROVED, S.LEGAL_REVIEW)


def test_a_refused_step_leaves_no_row(editor, editor_approver):
    entry = services.entry_create(actor=editor_approver, data=entry_data())
    entry = services.entry_submit_for_review(entry=entry, actor=editor_approver, version=entry.version)
    _act(login(Client(), editor_approver), entry, "approve")  # their own draft: refused
    _act(login(Client(), editor), entry, "approve")  # not an approver: refused
    assert [action for action, *_rest in _steps(entry)] == [A.SUBMITTED]
