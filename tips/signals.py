"""A handler who leaves loses what they held at once: deactivated in the admin (or anywhere else), their open tips
show as unassigned; deactivated, out of the tip handler role, or out of a hotline's organization, their keys to
its tips are deleted (tips/sealing.grants_revoke)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from taskforce.accounts import signals as account_signals
from taskforce.models import Membership

from . import keyring, sealing, services


@receiver(account_signals.signed_in, dispatch_uid="tips_key_signed_in")
def key_signed_in(sender, request, user, password, **kwargs):
    keyring.signed_in(request, user, password)


@receiver(account_signals.password_changed, dispatch_uid="tips_key_password_changed")
def key_password_changed(sender, user, old_password, new_password, **kwargs):
    keyring.password_changed(user, old_password=old_password, new_password=new_password)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="tips_unassign_departed")
def unassign_departed(sender, instance, **kwargs):
    if not instance.is_active:
        services.tips_unassign_departed(user=instance)
        sealing.grants_revoke(instance)


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="tips_role_removed")
def role_removed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_remove", "post_clear"):
        return
    users = [instance] if not reverse else list(get_user_model().objects.filter(pk__in=pk_set or ()))
    if reverse and action == "post_clear":
        return  # a group emptied at once: its members are unknown here (the admin never does this)
    for user in users:
        sealing.grants_revoke(user)


@receiver(post_delete, sender=Membership, dispatch_uid="tips_membership_ended")
def membership_ended(sender, instance, **kwargs):
    user = get_user_model().objects.filter(pk=instance.user_id).first()  # None: the person is being deleted
    if user is not None:
        sealing.grants_revoke(user)
