"""The action plan as open datasets (opendata.datasets): every item of the current plan with its status and
progress as the public pages show them (a parent's progress rolled up from its sub-actions), and the measured
values of the public indicators. Read through the
selectors; registered when opendata.apps imports this module."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opendata.datasets import (
    BOOLEAN,
    DATE,
    INTEGER,
    NUMBER,
    STRING,
    Dataset,
    Field,
    register,
    translated_fields,
    translated_values,
)
from taskforce.language import localized

from . import selectors
from .models import Indicator, Status


def _flatten(states) -> Iterator:
    for state in states:
        yield state
        yield from _flatten(state.sub_items)


def _source_text(value) -> str:
    """A stored text in the source language (a name given once: an organization, a unit's label)."""
    return localized(value, settings.LANGUAGE_CODE).text if value else ""


def rows() -> Iterator[dict]:
    plan = selectors.plan_current()
    if plan is None:
        return
    for state in _flatten(selectors.plan_state(plan).items):
        item = state.item
        yield {
            "plan": plan.slug,
            "number": state.number,
            "slug": item.slug,
            **translated_values("title", item.title),
            "status": state.status,
            "progress": state.progress,
            "lead_organization": _source_text(item.lead_organization.name),
            "start_date": item.start_date,
            "target_date": item.target_date,
        }


STATUS_VALUES = ", ".join(Status.values)

ACTION_PLAN = register(
    Dataset(
        slug="action-plan",
        title=_("Action plan: items, status and progress"),
        description=_(
            "Every action of the current plan and its sub-actions, with the status and progress the task force "
            "publishes on the action plan pages."
        ),
        theme="plan",
        method=_("Published as entered by the lead organizations, with a dated reason for every change."),
        keywords=("action plan", "human trafficking", "progress"),
        rows=rows,
        fields=(
            Field("plan", STRING, _("Short name of the plan.")),
            Field("number", STRING, _("Number of the action; a sub-action is numbered after its parent (2.1).")),
            Field("slug", STRING, _("Short name of the action, stable across changes.")),
            *translated_fields("title", _("Title of the action")),
            Field("status", STRING, _("Status of the action."), vocabulary=f"actionplan.Status ({STATUS_VALUES})"),
            Field(
                "progress",
                INTEGER,
                _("Progress in percent (0 to 100); an action with sub-actions rolls theirs up by weight."),
            ),
            Field("lead_organization", STRING, _("Organization that leads the action.")),
            Field("start_date", DATE, _("Date the action started, when known.")),
            Field("target_date", DATE, _("Date the action is due, when set.")),
        ),
    )
)


def _number(value: Decimal) -> int | float:
    """A value as a number in both downloads (JSON writes a Decimal as a string): whole when it is."""
    return int(value) if value == value.to_integral_value() else float(value)


def indicator_rows() -> Iterator[dict]:
    """Every accepted value of every public indicator, with the indicator's baseline and target on each row."""
    for value in selectors.indicators_public_values():
        indicator = value.indicator
        item = indicator.item
        yield {
            "plan": item.plan.slug,
            "item_number": item.display_number,
            "item_slug": item.slug,
            "indicator": indicator.slug,
            **translated_values("name", indicator.name),
            "unit": indicator.unit,
            "unit_label": _source_text(indicator.unit_label),
            "period_start": value.period_start,
            "period_end": value.period_end,
            "value": _number(value.value),
            "baseline_value": _number(indicator.baseline_value),
            "baseline_date": indicator.baseline_date,
            "target_value": _number(indicator.target_value),
            "target_date": indicator.target_date,
            "source": value.source,
            "measured_by": _source_text(value.organization.name) if value.organization else "",
            "is_demo": value.is_demo or indicator.is_demo,
        }


UNIT_VALUES = ", ".join(Indicator.Unit.values)

INDICATORS = register(
    Dataset(
        slug="indicators",
        title=_("Action plan indicators: measured values"),
        description=_(
            "The measured values of the plan's public indicators, one row per indicator and period, with each "
            "indicator's baseline and target. Only accepted values: a partner's submission counts once the "
            "action's lead organization has reviewed it."
        ),
        theme="plan",
        method=_(
            "Entered by the lead organizations (or submitted by partners and reviewed by the lead) with their "
            "source; a value is never changed once entered. Counts of services, not of people's cases."
        ),
        keywords=("action plan", "indicators", "monitoring"),
        rows=indicator_rows,
        fields=(
            Field("plan", STRING, _("Short name of the plan.")),
            Field("item_number", STRING, _("Number of the action the indicator measures.")),
            Field("item_slug", STRING, _("Short name of the action, stable across changes.")),
            Field("indicator", STRING, _("Short name of the indicator, stable across changes.")),
            *translated_fields("name", _("Name of the indicator")),
            Field(
                "unit",
                STRING,
                _("Unit of the values; a percentage is from 0 to 100, counts and people are whole numbers."),
                vocabulary=f"actionplan.Indicator.Unit ({UNIT_VALUES})",
            ),
            Field("unit_label", STRING, _("What is measured when the unit is “other”.")),
            Field("period_start", DATE, _("First day of the period measured.")),
            Field("period_end", DATE, _("Last day of the period measured.")),
            Field("value", NUMBER, _("Value measured for the period.")),
            Field("baseline_value", NUMBER, _("Value at the start, before the action.")),
            Field("baseline_date", DATE, _("Date of the baseline value.")),
            Field("target_value", NUMBER, _("Value the action aims for.")),
            Field("target_date", DATE, _("Date by which the target should be reached.")),
            Field("source", STRING, _("Where the number comes from.")),
            Field("measured_by", STRING, _("Organization that measured the value, when said.")),
            Field("is_demo", BOOLEAN, _("True for demonstration data, not real figures.")),
        ),
    )
)
