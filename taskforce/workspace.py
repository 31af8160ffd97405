"""The staff workspace ("My work"): for each role a person holds, what waits for them, with counts and due dates,
each linking to the page where they act. The reads are the apps' selectors (`tips_waiting`, `milestones_waiting`,
`registry_waiting`, `overdue_learners`); this module only puts them in sections, in a fixed number of queries
whatever the number of tips, items, entries or learners (taskforce/tests/test_workspace.py).

Tip handlers see only what the inbox shows of a tip (its reference, kind and due time), never its text."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from actionplan import selectors as actionplan_selectors
from publications import selectors as registry_selectors
from publications import services as registry_services
from taskforce.links import id_url_parts
from taskforce.vocabulary import ExploitationKind, labels
from tips import selectors as tips_selectors
from training import selectors as training_selectors

from . import roles

# Rows shown in each list of the workspace; the counts say how many there are in all and link to the full list.
WORKSPACE_ROWS = 5


@dataclass(frozen=True)
class Section:
    """One role's part of the workspace: its heading, the template that shows it and what it shows."""

    role: str
    heading: str
    template: str
    data: object


def _tips_section(user, today) -> dict:
    waiting = tips_selectors.tips_waiting(user, size=WORKSPACE_ROWS, today=today)
    head, tail = id_url_parts("tips:tip_detail")
    kinds = labels(ExploitationKind)
    now = timezone.now()
    to_open = [
        {
            "url": f"{head}{tip['id']}{tail}",
            "reference": tip["reference"],
            "kind": kinds.get(tip["kind"], tip["kind"]),
            "urgent": tip["urgent_waiting"] or tip["danger_now"],
            "due_at": tip["due_at"],
            "late": tip["due_at"] is not None and tip["due_at"] < now,
        }
        for tip in waiting.to_open
    ]
    reminders = [
        {**reminder, "url": f"{head}{reminder['tip_id']}{tail}", "late": reminder["remind_on"] <= today}
        for reminder in waiting.reminders
    ]
    return {
        "to_open": to_open,
        "to_open_count": waiting.to_open_count,
        "unread": tips_selectors.tips_unread_count(user),
        "reminders": reminders,
        "reminders_count": waiting.reminders_count,
        "limit": tips_selectors.WORKSPACE_COUNT_LIMIT,
        "inbox_url": reverse("tips:inbox"),
        "stale_url": reverse("tips:stale"),
    }


def _plan_section(user, today) -> dict:
    waiting = actionplan_selectors.milestones_waiting(user, today=today, size=WORKSPACE_ROWS)
    milestones = [
        {
            "milestone": milestone,
            "item": milestone.item,
            "url": reverse("actionplan:item_update", args=[milestone.item.url_key]),
            "late": milestone.due_date < today,
        }
        for milestone in waiting.milestones
    ]
    return {
        "milestones": milestones,
        "count": waiting.count,
        "overdue_count": waiting.overdue_count,
        "manage_url": reverse("actionplan:manage"),
    }


def _registry_section(user, *, editor: bool, approver: bool) -> dict:
    waiting = registry_selectors.registry_waiting(user, editor=editor, approver=approver, size=WORKSPACE_ROWS)
    to_publish = [
        {"entry": entry, "publishable_from": registry_services.publishable_from(entry)} for entry in waiting.to_publish
    ]
    return {
        "waiting": waiting,
        "to_publish": to_publish,
        "workflow_url": reverse("publications:registry_staff"),
    }


def _training_section(user, today) -> dict:
    report_url = reverse("training:manager_report")
    organizations = [
        {
            "organization": found.organization,
            "overdue_count": found.overdue_count,
            "rows": found.rows,
            "url": f"{report_url}?{urlencode({'organization': found.organization.id, 'show': 'overdue'})}",
        }
        for found in training_selectors.overdue_learners(user, today=today, size=WORKSPACE_ROWS)
    ]
    return {"organizations": organizations, "report_url": report_url}


def _label(role: str) -> str:
    return str(roles.ROLE_LABELS[role])


def workspace_sections(user) -> list[Section]:
    """The sections of the roles `user` holds, in a fixed order; none for a person without a staff role."""
    today = timezone.localdate()
    held = roles.user_roles(user)
    sections = []
    if roles.TIP_HANDLER in held:
        sections.append(
            Section(
                roles.TIP_HANDLER, _label(roles.TIP_HANDLER), "staff/_workspace_tips.html", _tips_section(user, today)
            )
        )
    # One action plan section for a coordinator who is also a member: the same items wait for them.
    plan_role = next((role for role in (roles.COORDINATOR, roles.MEMBER) if role in held), None)
    if plan_role is None and roles.is_coordinator(user):
        plan_role = roles.COORDINATOR
    if plan_role is not None:
        sections.append(Section(plan_role, _label(plan_role), "staff/_workspace_plan.html", _plan_section(user, today)))
    editor, approver = roles.REGISTRY_EDITOR in held, roles.REGISTRY_APPROVER in held
    if editor or approver:
        registry = _registry_section(user, editor=editor, approver=approver)
        if editor:
            sections.append(
                Section(roles.REGISTRY_EDITOR, _label(roles.REGISTRY_EDITOR), "staff/_workspace_editor.html", registry)
            )
        if approver:
            sections.append(
                Section(
                    roles.REGISTRY_APPROVER, _label(roles.REGISTRY_APPROVER), "staff/_workspace_approver.html", registry
                )
            )
    if roles.TRAINING_MANAGER in held:
        sections.append(
            Section(
                roles.TRAINING_MANAGER,
                _label(roles.TRAINING_MANAGER),
                "staff/_workspace_training.html",
                _training_section(user, today),
            )
        )
    return sections
