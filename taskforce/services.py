"""Writes for the task force's own objects: roles, organizations, memberships."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .language import i18n_text, text_data
from .models import Membership, Organization, User
from .roles import ALL_ROLES, ROLE_PERMISSIONS


def roles_sync() -> None:
    """Create one group per role and give it the permissions named in ROLE_PERMISSIONS."""
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm:
                wanted.append(perm)
        group.permissions.set(wanted)


@transaction.atomic
def user_create_or_update(
    *,
    email: str,
    full_name: str,
    password: str | None,
    roles: list[str],
    organizations: list[Organization],
    is_staff: bool = False,
    is_superuser: bool = False,
    preferred_language: str | None = None,
) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password)
    elif password:
        user.set_password(password)
    user.full_name = full_name
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.preferred_language = preferred_language or settings.LANGUAGE_CODE
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    for org in organizations:
        Membership.objects.get_or_create(user=user, organization=org)
    return user


def organization_upsert(
    *, slug: str, name: str | dict, kind: str, website: str = "", is_fictional: bool = False
) -> Organization:
    """`name`: a text in the source language, or {language code: text}."""
    org, _ = Organization.objects.update_or_create(
        slug=slug,
        defaults={
            "name": i18n_text(text_data(name)),
            "kind": kind,
            "website": website,
            "is_fictional": is_fictional,
        },
    )
    return org
