"""Getting people in (issue 20): training managers' invitations, and self-registration for the organizations that
opened it. Services (writes, keyword-only, one transaction each) and selectors (reads) of this feature.

Every link's token is made when its mail is sent (`notify(secret=...)`, taskforce.notifications.SECRET_MAKERS):
a random value, of which only a keyed hash is stored, so the database, the notification rows, task arguments and
logs never hold it. Sending the mail again makes a new token, and the earlier link stops working. Addresses are
kept in lower case and compared without case everywhere: "A@x.ca" and "a@x.ca" are one person.

Everyone who comes in this way is a Learner of exactly one organization: the one that invited them, or the one
they chose from the organizations open to self-registration. Nothing a person sends chooses a role.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from taskforce import roles
from taskforce.models import Membership, Organization, User
from taskforce.notifications import URGENT, notify
from taskforce.selectors import users_with_role

from . import access, conf
from .models import Invitation, LearnerProfile, OnboardingPolicy, SignupRequest

INVITATION_SECRET = "training_invitation"
SIGNUP_SECRET = "training_signup"


def email_normalize(email: str) -> str:
    return (email or "").strip().lower()


def email_domain(email: str) -> str:
    return email_normalize(email).rpartition("@")[2]


def _token_hash(token: str) -> str:
    return salted_hmac("training.onboarding.token", token, secret=settings.HASH_KEY or None).hexdigest()


def _new_token(model, row_id: int, **still_open) -> str | None:
    """A new random token for the row, its hash stored in place of the last one's; None when the row is no longer
    open (the mail then fails as "no longer valid" and nothing is sent)."""
    token = secrets.token_urlsafe(32)
    updated = model.objects.filter(id=row_id, expires_at__gt=timezone.now(), **still_open).update(
        token_hash=_token_hash(token)
    )
    return token if updated else None


def invitation_token_make(invitation_id: int) -> str | None:
    """SECRET_MAKERS["training_invitation"]: the link's token, made when the mail is sent."""
    return _new_token(Invitation, invitation_id, accepted_at=None, revoked_at=None)


def signup_token_make(signup_id: int) -> str | None:
    """SECRET_MAKERS["training_signup"]: the confirmation link's token, made when the mail is sent."""
    return _new_token(SignupRequest, signup_id, state=SignupRequest.State.CONFIRMING)


# ----- selectors --------------------------------------------------------------------------------------------------


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, whatever its state (the page says why a spent one no longer works)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("organization").filter(token_hash=_token_hash(token)).first()


def signup_from_token(token: str) -> SignupRequest | None:
    if not token or len(token) > 100:
        return None
    return SignupRequest.objects.select_related("organization").filter(token_hash=_token_hash(token)).first()


def invitations_open(organization_ids) -> QuerySet[Invitation]:
    """Invitations not yet accepted nor revoked (the expired ones too: they can be sent again), newest first."""
    return (
        Invitation.objects.filter(organization_id__in=organization_ids, accepted_at=None, revoked_at=None)
        .select_related("organization", "invited_by")
        .order_by("-created_at", "-id")
    )


def signups_waiting(organization_ids) -> QuerySet[SignupRequest]:
    """Confirmed self-registrations waiting for a training manager's decision, oldest first."""
    return (
        SignupRequest.objects.filter(organization_id__in=organization_ids, state=SignupRequest.State.WAITING)
        .select_related("organization")
        .order_by("created_at", "id")
    )


def organizations_open_to_signup() -> QuerySet[Organization]:
    return Organization.objects.filter(training_onboarding__self_registration=True).order_by("slug")


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email_normalize(email)).exists()


def _open_invitation_emails(organization: Organization, emails) -> set[str]:
    return {
        email.lower()
        for email in Invitation.objects.annotate(address=Lower("email"))
        .filter(organization=organization, accepted_at=None, revoked_at=None, address__in=list(emails))
        .values_list("email", flat=True)
    }


def _member_emails(organization: Organization, emails) -> set[str]:
    return {
        email.lower()
        for email in User.objects.annotate(address=Lower("email"))
        .filter(memberships__organization=organization, address__in=list(emails))
        .values_list("email", flat=True)
    }


# ----- making a learner -------------------------------------------------------------------------------------------


def _learner_join(user: User, *, organization: Organization, audience: str) -> None:
    """The Learner role, a membership of this one organization, and an audience if the person had none. Nothing
    else: no other role, no other organization."""
    learner, _created = Group.objects.get_or_create(name=roles.LEARNER)
    user.groups.add(learner)
    Membership.objects.get_or_create(user=user, organization=organization)
    LearnerProfile.objects.get_or_create(user=user, defaults={"audience": audience})


def _learner_create(*, email: str, full_name: str, password_hash: str, organization, audience: str) -> User:
    if account_exists(email):
        raise ValidationError(_("An account already uses this address. Sign in with it."), code="account_exists")
    user = User(email=email_normalize(email), full_name=full_name.strip())
    user.password = password_hash
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # made at the same moment by another request
        raise ValidationError(
            _("An account already uses this address. Sign in with it."), code="account_exists"
        ) from None
    _learner_join(user, organization=organization, audience=audience)
    return user


# ----- invitations ------------------------------------------------------------------------------------------------


def _invitation_mail(invitation: Invitation) -> None:
    notify(
        recipients=[invitation.email],
        template="training_invitation",
        context={
            "organization_name": str(invitation.organization.name),
            "inviter_name": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "name": invitation.name,
            "days": conf.invitation_days(),
        },
        secret=(INVITATION_SECRET, invitation.id),
        priority=URGENT,
    )


def invitation_refusal(organization: Organization, email: str) -> str:
    """Why this address cannot be invited to this organization now ("" when it can)."""
    email = email_normalize(email)
    if _member_emails(organization, [email]):
        return _("This person is already a member of the organization.")
    if _open_invitation_emails(organization, [email]):
        return _("This person is already invited: send the invitation again from the list instead.")
    return ""


def _invitation_build(*, actor, organization, email: str, name: str, audience: str) -> Invitation:
    now = timezone.now()
    return Invitation(
        organization=organization,
        email=email_normalize(email),
        name=name.strip(),
        audience=audience,
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=conf.invitation_days()),
    )


@transaction.atomic
def invitation_create(*, actor, organization: Organization, email: str, name: str, audience: str) -> Invitation:
    """Invite one person to one of the actor's organizations, and mail them the link."""
    access.organization_for_manager(actor, organization.id)
    refusal = invitation_refusal(organization, email)
    if refusal:
        raise ValidationError({"email": refusal})
    invitation = _invitation_build(actor=actor, organization=organization, email=email, name=name, audience=audience)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # the same address invited at the same moment
        raise ValidationError({"email": invitation_refusal(organization, email) or _("Already invited.")}) from None
    _invitation_mail(invitation)
    return invitation


@transaction.atomic
def invitations_create_many(*, actor, organization: Organization, rows: list[dict]) -> list[Invitation]:
    """Invitations of already checked rows (onboarding_csv), all or none."""
    access.organization_for_manager(actor, organization.id)
    invitations = Invitation.objects.bulk_create(
        [_invitation_build(actor=actor, organization=organization, **row) for row in rows]
    )
    for invitation in invitations:
        invitation.organization = organization
        _invitation_mail(invitation)
    return invitations


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation) -> Invitation:
    """A new link, valid for the full period again; the earlier link stops working when the new one is sent."""
    invitation = access.invitation_for_manager(actor, invitation.id)
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("organization").get(id=invitation.id)
    if not invitation.is_open:
        raise ValidationError(_("This invitation was already accepted or revoked."))
    invitation.expires_at = timezone.now() + timedelta(days=conf.invitation_days())
    invitation.token_hash = None
    invitation.save(update_fields=["expires_at", "token_hash"])
    _invitation_mail(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    invitation = access.invitation_for_manager(actor, invitation.id)
    updated = Invitation.objects.filter(id=invitation.id, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This invitation was already accepted or revoked."))
    invitation.refresh_from_db()
    return invitation


def _invitation_claim(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("organization").get(id=invitation.id)
    if not invitation.usable:
        raise ValidationError(_("This invitation has expired or was already used."), code="spent")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str) -> User:
    """A new account for the invited address: a Learner of the inviting organization only. The password was
    checked against the validators by the form. An address that already has an account gets no second one."""
    invitation = _invitation_claim(invitation)
    user = _learner_create(
        email=invitation.email,
        full_name=full_name,
        password_hash=make_password(password),
        organization=invitation.organization,
        audience=invitation.audience,
    )
    _invitation_spend(invitation, user)
    return user


@transaction.atomic
def invitation_join(*, invitation: Invitation, user: User) -> User:
    """The invited person already has an account and is signed in with it: they join the organization as a
    Learner. Only the account of the invited address may."""
    invitation = _invitation_claim(invitation)
    if email_normalize(user.email) != invitation.email.lower():
        raise ValidationError(_("This invitation is for another address. Sign out, then open the link again."))
    if roles.user_roles(user) - {roles.LEARNER}:
        # A role is held in every organization of its holder: a training manager (or a member, a handler…) who
        # joined as a "learner" would manage, or act for, the inviting organization too.
        raise ValidationError(
            _(
                "Your account holds a staff role, which would then apply to this organization too, so it cannot "
                "join through an invitation. Ask the portal's administrator to add you as a learner."
            ),
            code="staff_role",
        )
    _learner_join(user, organization=invitation.organization, audience=invitation.audience)
    _invitation_spend(invitation, user)
    return user


def _invitation_spend(invitation: Invitation, user: User) -> None:
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


# ----- self-registration ------------------------------------------------------------------------------------------


def policy_refusal(organization: Organization, email: str) -> str:
    """Why this organization does not take this address by self-registration ("" when it does). Says nothing about
    accounts."""
    policy = OnboardingPolicy.objects.filter(organization=organization, self_registration=True).first()
    if policy is None:
        return _("This organization does not take registrations. Ask its training manager for an invitation.")
    if email_domain(email) not in policy.domains() and not policy.others_need_approval:
        return _("This organization takes registrations with an address of its own domains only: %(domains)s.") % {
            "domains": ", ".join(sorted(policy.domains()))
        }
    return ""


@transaction.atomic
def signup_request(
    *, organization: Organization, email: str, name: str, audience: str, password: str
) -> SignupRequest | None:
    """Register, pending the address's confirmation. The answer is the same whether the address has an account or
    not: when it has one, its owner is mailed instead (someone may be trying to find out, or it is the owner)."""
    refusal = policy_refusal(organization, email)
    if refusal:
        raise ValidationError({"email": refusal})
    email = email_normalize(email)
    if account_exists(email):
        notify(recipients=[email], template="training_signup_existing", context={}, priority=URGENT)
        return None
    if SignupRequest.objects.filter(email__iexact=email, state=SignupRequest.State.WAITING).exists():
        return None  # already waiting for a decision: nothing new to confirm
    SignupRequest.objects.filter(email__iexact=email, state=SignupRequest.State.CONFIRMING).delete()
    now = timezone.now()
    signup = SignupRequest.objects.create(
        organization=organization,
        email=email,
        name=name.strip(),
        audience=audience,
        password_hash=make_password(password),
        created_at=now,
        expires_at=now + timedelta(hours=conf.signup_confirm_hours()),
    )
    notify(
        recipients=[email],
        template="training_signup_confirm",
        context={"organization_name": str(organization.name), "hours": conf.signup_confirm_hours()},
        secret=(SIGNUP_SECRET, signup.id),
        priority=URGENT,
    )
    return signup


@transaction.atomic
def signup_confirm(*, signup: SignupRequest) -> str:
    """The address is confirmed: an address of the organization's domains gets its account now (answers
    "approved"); another waits for a training manager, who is told ("waiting"). "account_exists" and "closed" when
    it cannot go on (the owner of the mailbox may know that an account uses it)."""
    signup = SignupRequest.objects.select_for_update(of=("self",)).select_related("organization").get(id=signup.id)
    now = timezone.now()
    if signup.state != SignupRequest.State.CONFIRMING or signup.expires_at <= now:
        raise ValidationError(_("This link has expired or was already used."), code="spent")
    signup.confirmed_at = now
    policy = OnboardingPolicy.objects.filter(organization=signup.organization, self_registration=True).first()
    if policy is not None and email_domain(signup.email) in policy.domains():
        try:
            _signup_approve(signup, actor=None)
        except ValidationError:
            return "account_exists"
        return "approved"
    if policy is None or not policy.others_need_approval:
        _signup_close(signup, SignupRequest.State.REFUSED, actor=None)
        return "closed"
    signup.state = SignupRequest.State.WAITING
    signup.save()
    managers = users_with_role(roles.TRAINING_MANAGER, [signup.organization_id])
    notify(
        recipients=list(managers),
        template="training_signup_waiting",
        context={"organization_name": str(signup.organization.name)},
    )
    return "waiting"


def _signup_close(signup: SignupRequest, state: str, *, actor) -> None:
    signup.state = state
    signup.decided_at = timezone.now()
    signup.decided_by = actor
    signup.password_hash = ""  # the password is the account's now, or nobody's
    signup.save()


def _signup_approve(signup: SignupRequest, *, actor) -> None:
    try:
        with transaction.atomic():
            signup.user = _learner_create(
                email=signup.email,
                full_name=signup.name,
                password_hash=signup.password_hash,
                organization=signup.organization,
                audience=signup.audience,
            )
    except ValidationError:
        _signup_close(signup, SignupRequest.State.REFUSED, actor=actor)
        raise
    _signup_close(signup, SignupRequest.State.APPROVED, actor=actor)


@transaction.atomic
def signup_decide(*, actor, signup: SignupRequest, approve: bool) -> SignupRequest:
    """A training manager of the organization approves (the account is made) or refuses a waiting request; the
    person is mailed the outcome."""
    signup = access.signup_for_manager(actor, signup.id)
    signup = SignupRequest.objects.select_for_update(of=("self",)).select_related("organization").get(id=signup.id)
    if signup.state != SignupRequest.State.WAITING:
        raise ValidationError(_("This request was already decided."))
    organization_name = str(signup.organization.name)
    if approve:
        try:
            _signup_approve(signup, actor=actor)
        except ValidationError:
            raise ValidationError(_("An account already uses this address: the person can sign in with it.")) from None
    else:
        _signup_close(signup, SignupRequest.State.REFUSED, actor=actor)
    notify(
        recipients=[signup.email],
        template="training_signup_approved" if approve else "training_signup_refused",
        context={"organization_name": organization_name},
    )
    return signup
