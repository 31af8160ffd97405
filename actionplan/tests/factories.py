import datetime as dt

import factory
from django.utils import timezone

from actionplan import services
from actionplan.models import ActionItem, Milestone, Plan, Status
from taskforce.testing.factories import OrganizationFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("slug",)

    slug = "test-plan"
    title = {"en": "Test plan", "fr": "Plan d'essai"}
    is_current = True


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"item-{n + 1}")
    title = factory.Sequence(lambda n: {"en": f"Action number {n + 1}", "fr": f"Action numéro {n + 1}"})
    description = {"en": "What this action is about."}
    lead_organization = factory.SubFactory(OrganizationFactory)
    status = Status.ON_TRACK
    progress = 10

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if extracted:
            self.partners.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    item = factory.SubFactory(ActionItemFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.Faker("past_date")


def at_noon(day: str):
    return timezone.make_aware(dt.datetime.fromisoformat(day + "T12:00"))


def dated_history(item, *, created: str, entries: list[tuple[str, str, int, str]]) -> None:
    """Give `item` a creation date and dated history entries: (day, new status, new progress, reason)."""
    type(item).objects.filter(id=item.id).update(created_at=at_noon(created))
    for day, status, progress, reason in entries:
        services.history_record_demo(
            item=item,
            at=at_noon(day),
            status=status,
            progress=progress,
            reason=reason,
            organization=item.lead_organization,
        )
