from django.db.models import QuerySet

from .models import Notification, Organization


def notifications_failed() -> QuerySet[Notification]:
    return Notification.objects.filter(state=Notification.State.FAILED).order_by("-created_at", "-id")


def organizations_all() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")
