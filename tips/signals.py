"""A handler deactivated in the admin (or anywhere else) leaves their open tips unassigned at once."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="tips_unassign_departed")
def unassign_departed(sender, instance, **kwargs):
    if not instance.is_active:
        services.tips_unassign_departed(user=instance)
