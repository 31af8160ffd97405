"""Issue 23: each handler's key, opened by their own sign-in; recovery, reset, joining, leaving, escrow, re-routing.

Every test here signs in through the real sign-in form (password, then the one-time password), as a handler does:
that is the only moment the password, and so the key, is known.
"""

import base64
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from taskforce import roles
from taskforce.accounts.services import otp_backup_codes_renew
from taskforce.models import Membership
from taskforce.testing.auth import confirmed_device, login
from taskforce.testing.factories import PASSWORD
from tips import escalation, keyring, keys, sealing, services
from tips.models import Delivery, HandlerKey, Tip, TipKeyGrant

from .factories import grant_to, opened_by, tip_data, tip_private_of

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Workers sleep in the container behind the packing plant."


def sign_in(user, password: str = PASSWORD) -> Client:
    browser = Client()
    response = browser.post("/en/accounts/login/", {"username": user.email, "password": password})
    assert response.status_code == 302, "signed in"
    confirmed_device(user)
    token = otp_backup_codes_renew(user=user)[0]  # a fresh code each time (a TOTP code is good once per window)
    assert browser.post("/en/accounts/otp/verify/", {"token": token}).status_code == 302
    return browser


def detail(tip) -> str:
    return f"/en/tips/staff/inbox/{tip.id}/"


@pytest.fixture
def tip(hotlines, handler_national):
    """A tip for the national hotline, sent after its handler made their key."""
    return services.tip_submit(form_data=tip_data(what_happened=SECRET_TEXT)).tip


# ----- signing in opens the key, for this browser only ------------------------------------------------------


def test_signing_in_opens_the_key_and_the_session_store_alone_cannot(tip, handler_national):
    browser = sign_in(handler_national)
    assert SECRET_TEXT in browser.get(detail(tip)).content.decode()

    cookie = browser.cookies[settings.TIPS_KEY_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["max-age"], "gone with the browser"
    held = Session.objects.get(session_key=browser.session.session_key).get_decoded()[keyring.SESSION_KEY]
    private = keyring.key_open_with_password(handler_national, PASSWORD)
    assert base64.urlsafe_b64encode(private).decode() not in str(held), "the session keeps only a wrapped copy"

    stolen = Client()  # the session cookie without the key's cookie (a copied session store, a stolen session id)
    stolen.cookies[settings.SESSION_COOKIE_NAME] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    response = stolen.get(detail(tip))
    assert response.status_code == 302 and "/tips/staff/key/" in response["Location"]
    assert SECRET_TEXT not in stolen.get(detail(tip), follow=True).content.decode()


def test_signing_out_drops_the_keys_cookie(tip, handler_national):
    browser = sign_in(handler_national)
    response = browser.post("/en/accounts/logout/")
    assert response.cookies[settings.TIPS_KEY_COOKIE].value == ""


def test_a_first_sign_in_makes_the_key_and_shows_the_recovery_key_once(hotlines, make_user, hotline_orgs):
    newcomer = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]], tip_key=False)
    browser = sign_in(newcomer)
    assert HandlerKey.objects.filter(user=newcomer).exists()
    response = browser.get("/en/tips/staff/inbox/")
    assert response.status_code == 302 and response["Location"].endswith("/tips/staff/key/recovery/")
    page = browser.get("/en/tips/staff/key/recovery/").content.decode()
    recovery = re.search(r'id="recovery-key" dir="ltr">([A-Z0-9-]+)<', page).group(1)
    assert len(keys.recovery_normalize(recovery)) == keys.RECOVERY_LENGTH
    assert recovery not in str(Session.objects.get(session_key=browser.session.session_key).get_decoded())
    assert browser.post("/en/tips/staff/key/recovery/", {}).status_code == 400  # "saved" must be ticked
    assert browser.post("/en/tips/staff/key/recovery/", {"saved": "on"}).status_code == 302
    assert browser.get("/en/tips/staff/key/recovery/").status_code == 302, "never shown again"
    assert browser.get("/en/tips/staff/inbox/").status_code == 200
    assert HandlerKey.objects.get(user=newcomer).recovery_saved_at is not None


def test_other_roles_have_no_key_and_no_key_pages(client, tip, member_national, coordinator_national):
    login(client, member_national)
    assert client.get("/en/tips/staff/key/").status_code == 403
    assert client.get("/en/tips/staff/key/access/").status_code == 403
    sign_in(coordinator_national)
    assert not HandlerKey.objects.filter(user__in=[member_national, coordinator_national]).exists()


# ----- passwords: changed, reset -----------------------------------------------------------------------------


def test_a_handler_reads_after_changing_their_password(tip, handler_national):
    browser = sign_in(handler_national)
    response = browser.post(
        "/en/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "a-new-passphrase-77", "new_password2": "a-new-passphrase-77"},
    )
    assert response.status_code == 302
    assert SECRET_TEXT in sign_in(handler_national, "a-new-passphrase-77").get(detail(tip)).content.decode()


def _reset_by_administrator(user, password="reset-by-admin-31"):
    user.set_password(password)
    user.save()
    return password


def test_after_a_reset_the_key_is_locked_and_the_recovery_key_opens_it(tip, handler_national):
    recovery = keyring.recovery_renew(handler_national, keyring.key_open_with_password(handler_national, PASSWORD))
    keyring.recovery_saved(handler_national)  # they printed it
    password = _reset_by_administrator(handler_national)
    browser = sign_in(handler_national, password)
    response = browser.get(detail(tip))
    assert response.status_code == 302 and "/tips/staff/key/" in response["Location"]
    page = browser.get(response["Location"]).content.decode()
    assert "Your password was reset, so it no longer opens your key" in page
    assert "not even its administrators" in page

    wrong = {"action": "recover", "recover-recovery": "AAAA-BBBB", "recover-password": password}
    assert browser.post("/en/tips/staff/key/", wrong).status_code == 400
    right = {"action": "recover", "recover-recovery": recovery.lower(), "recover-password": password}
    assert browser.post("/en/tips/staff/key/", right).status_code == 302
    assert SECRET_TEXT in browser.get(detail(tip)).content.decode()
    # the next sign-in with the reset password opens the key directly
    assert SECRET_TEXT in sign_in(handler_national, password).get(detail(tip)).content.decode()


def test_a_reset_without_the_recovery_key_loses_older_tips_until_a_colleague_grants_them(
    tip, handler_national, make_user, hotline_orgs
):
    colleague = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    grant_to(colleague, by=handler_national, hotline=tip.deliveries.get().hotline)
    password = _reset_by_administrator(handler_national)
    browser = sign_in(handler_national, password)
    start = {"action": "start_over", "start-password": password}
    assert browser.post("/en/tips/staff/key/", start).status_code == 400, "the loss must be acknowledged"
    response = browser.post("/en/tips/staff/key/", {**start, "start-understood": "on"})
    assert response.status_code == 302 and response["Location"].endswith("/key/recovery/")
    assert browser.get(detail(tip))["Location"].endswith("/key/recovery/"), "the new recovery key first"
    assert browser.post("/en/tips/staff/key/recovery/", {"saved": "on"}).status_code == 302
    response = browser.get(detail(tip))
    assert response.status_code == 403 and SECRET_TEXT not in response.content.decode()
    assert "A colleague who can open it gives you access" in response.content.decode()

    other = sign_in(colleague)
    page = other.get("/en/tips/staff/key/access/").content.decode()
    assert "Give access with my key" in page
    hotline = tip.deliveries.get().hotline
    response = other.post("/en/tips/staff/key/access/", {"hotline": hotline.id, "user": handler_national.id})
    assert response.status_code == 302
    assert SECRET_TEXT in browser.get(detail(tip)).content.decode()


# ----- joining and leaving ----------------------------------------------------------------------------------


def test_a_newcomer_reads_older_tips_only_once_a_colleague_grants_them(tip, handler_national, make_user, hotline_orgs):
    newcomer = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    later = services.tip_submit(form_data=tip_data(what_happened="A later tip.")).tip
    browser = sign_in(newcomer)
    assert browser.get(detail(tip)).status_code == 403, "an older tip: not sealed to them"
    assert "A later tip." in browser.get(detail(later)).content.decode(), "sealed to them on arrival"
    # the newcomer cannot grant what they cannot open; a handler of another hotline cannot grant at all
    hotline = tip.deliveries.get().hotline
    browser.post("/en/tips/staff/key/access/", {"hotline": hotline.id, "user": newcomer.id})
    assert browser.get(detail(tip)).status_code == 403
    outsider = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["klinic"]])
    response = sign_in(outsider).post("/en/tips/staff/key/access/", {"hotline": hotline.id, "user": newcomer.id})
    assert response.status_code == 404
    assert browser.get(detail(tip)).status_code == 403

    response = sign_in(handler_national).post(
        "/en/tips/staff/key/access/", {"hotline": hotline.id, "user": newcomer.id}
    )
    assert response.status_code == 302
    assert SECRET_TEXT in browser.get(detail(tip)).content.decode()


@pytest.mark.parametrize("how", ["deactivated", "role removed", "left the organization"])
def test_a_handler_who_leaves_loses_their_keys_at_once(tip, handler_national, hotline_orgs, how):
    assert TipKeyGrant.objects.filter(user=handler_national).exists()
    if how == "deactivated":
        handler_national.is_active = False
        handler_national.save()
    elif how == "role removed":
        handler_national.groups.remove(*handler_national.groups.filter(name=roles.TIP_HANDLER))
    else:
        Membership.objects.filter(user=handler_national, organization=hotline_orgs["cceht"]).delete()
    assert not TipKeyGrant.objects.filter(user=handler_national).exists()
    with pytest.raises(sealing.TipLocked):
        opened_by(handler_national, tip)


def test_leaving_one_hotline_keeps_the_keys_of_the_other(hotlines, handler_national, hotline_orgs):
    Membership.objects.create(user=handler_national, organization=hotline_orgs["klinic"])
    national = services.tip_submit(form_data=tip_data()).tip
    manitoba = services.tip_submit(form_data=tip_data(province="MB", kind="sex")).tip
    Membership.objects.filter(user=handler_national, organization=hotline_orgs["klinic"]).delete()
    assert opened_by(handler_national, national).what_happened
    held = set(TipKeyGrant.objects.filter(user=handler_national).values_list("hotline__slug", flat=True))
    assert "manitoba-human-trafficking-hotline" not in held and manitoba.key_grants.filter(user=None).exists()


# ----- escrow -------------------------------------------------------------------------------------------------


def test_the_coordinator_gives_a_handler_back_their_tips_with_the_escrow_key(
    tip, handler_national, coordinator_national, escrow_keys, make_user, hotline_orgs
):
    newcomer = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    hotline = tip.deliveries.get().hotline
    coordinator = sign_in(coordinator_national)
    page = coordinator.get("/en/tips/staff/key/access/").content.decode()
    assert "Give access with the escrow key" in page and "Give access with my key" not in page
    wrong = base64.b64encode(escrow_keys["klinic"].private).decode()  # another hotline's escrow key
    data = {"hotline": hotline.id, "user": newcomer.id, "escrow_key": wrong}
    assert coordinator.post("/en/tips/staff/key/access/", data).status_code == 400
    data["escrow_key"] = base64.b64encode(escrow_keys["cceht"].private).decode()
    assert coordinator.post("/en/tips/staff/key/access/", data).status_code == 302
    assert SECRET_TEXT in sign_in(newcomer).get(detail(tip)).content.decode()
    # a handler (not a coordinator) cannot use an escrow key
    response = sign_in(handler_national).post("/en/tips/staff/key/access/", data)
    assert response.status_code == 403


def test_a_hotline_without_an_escrow_key_gets_no_escrow_copy(hotlines, handler_national):
    for hotline in hotlines.values():
        hotline.escrow_public_key = ""
        hotline.save()
    tip = services.tip_submit(form_data=tip_data()).tip
    assert not tip.key_grants.filter(user=None).exists()
    assert opened_by(handler_national, tip).what_happened


def test_an_escrow_key_that_is_not_a_public_key_is_refused_in_the_admin(hotlines):
    from django.core.exceptions import ValidationError  # noqa: PLC0415 -- used by this test only

    hotline = hotlines["cceht"]
    hotline.escrow_public_key = "not-a-key"
    with pytest.raises(ValidationError, match="not a public key"):
        hotline.full_clean()


# ----- nobody left unable to read ---------------------------------------------------------------------------


def test_a_tip_nobody_could_read_is_refused_with_the_form_kept_and_the_coordinators_told(client, hotlines, coordinator):
    from .factories import report_post  # noqa: PLC0415 -- used by this test only

    for hotline in hotlines.values():
        hotline.escrow_public_key = ""
        hotline.save()
    response = report_post(client, what_happened="Typed words 9931")
    assert response.status_code == 503 and "Typed words 9931" in response.content.decode()
    assert not Tip.objects.exists()


def test_a_reroute_seals_the_tip_to_the_new_hotline_and_refuses_one_nobody_can_read(
    client, tip, handler_national, handler_mb, hotlines, make_user, hotline_orgs, coordinator_mb
):
    manitoba = hotlines["klinic"]
    manitoba.escrow_public_key = ""
    manitoba.save()
    HandlerKey.objects.filter(user=handler_mb).delete()  # a handler there, but without a key
    with pytest.raises(services.TipError, match="no key|nobody|Nobody"):
        services.tip_reroute(
            tip=tip,
            actor=handler_national,
            from_hotline=tip.deliveries.get().hotline,
            to_hotline=manitoba,
            tip_private=tip_private_of(handler_national, tip),
        )
    assert tip.deliveries.get().hotline.slug != manitoba.slug, "the tip stays"

    keyring.key_create(handler_mb, PASSWORD)
    keyring.recovery_saved(handler_mb)
    browser = sign_in(handler_national)
    data = {"from_hotline": tip.deliveries.get().hotline.id, "to_hotline": manitoba.id}
    assert browser.post(detail(tip) + "reroute/", data).status_code == 302
    assert SECRET_TEXT in sign_in(handler_mb).get(detail(tip)).content.decode()


def test_the_refused_reroute_tells_the_coordinators_without_content(
    tip, handler_national, handler_mb, hotlines, coordinator_mb, django_capture_on_commit_callbacks
):
    manitoba = hotlines["klinic"]
    manitoba.escrow_public_key = ""
    manitoba.save()
    HandlerKey.objects.filter(user=handler_mb).delete()
    browser = sign_in(handler_national)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            detail(tip) + "reroute/", {"from_hotline": tip.deliveries.get().hotline.id, "to_hotline": manitoba.id}
        )
    assert response.status_code == 400 and "the tip stays here" in response.content.decode()
    told = [m for m in mail.outbox if coordinator_mb.email in m.to]
    assert told and tip.reference in told[0].body and SECRET_TEXT not in told[0].body


def test_escalation_reaches_the_national_hotline_only_where_its_key_was_sealed(
    hotlines, handler_national, handler_mb, coordinator_national, django_capture_on_commit_callbacks
):
    from datetime import timedelta  # noqa: PLC0415 -- used by this test only

    from django.utils import timezone  # noqa: PLC0415 -- used by this test only

    sealed = services.tip_submit(form_data=tip_data(province="MB", kind="sex", what_happened="Hotel rooms")).tip
    assert sealed.key_grants.filter(user=handler_national).exists(), "sealed at arrival to the escalation target"
    Delivery.objects.filter(tip=sealed).update(delivered_at=timezone.now() - timedelta(days=10))
    escalation.escalations_run()
    assert sealed.deliveries.filter(hotline__is_national=True).exists()
    assert opened_by(handler_national, sealed).what_happened == "Hotel rooms"

    nobody = services.tip_submit(form_data=tip_data(province="MB", kind="sex")).tip
    TipKeyGrant.objects.filter(tip=nobody, hotline__is_national=True).delete()  # as if no national reader then
    Delivery.objects.filter(tip=nobody).update(delivered_at=timezone.now() - timedelta(days=10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        escalation.escalations_run()
    assert not nobody.deliveries.filter(hotline__is_national=True).exists(), "never silently unreadable"
    assert any(coordinator_national.email in m.to and nobody.reference in m.body for m in mail.outbox)


# ----- the reporter --------------------------------------------------------------------------------------------


def test_the_reporter_reads_the_replies_with_their_code_and_nothing_else_opens_them(client, hotlines, handler_national):
    from .factories import follow_up, receipt_code, report_post  # noqa: PLC0415 -- used by this test only

    code = receipt_code(report_post(client, what_happened=SECRET_TEXT))
    tip = Tip.objects.get()
    browser = sign_in(handler_national)
    browser.post(detail(tip) + "reply/", {"reply-body": "We hear you. Reply 5512."})
    assert "We hear you. Reply 5512." in follow_up(Client(), code).content.decode()
    assert keys.derive_receipt_keypair(services.receipt_normalize(code), bytes(tip.reporter_salt)).public == bytes(
        tip.reporter_public_key
    )
    wrong = services.receipt_normalize(code)[:-1] + ("2" if code[-1] != "2" else "3")
    assert sealing.tip_open_for_reporter(tip, wrong) is None


@pytest.mark.parametrize(
    "data",
    [
        {"hotline": "abc", "user": "1"},
        {"hotline": "1", "user": "x\x00"},
        {"hotline": "99999999999999999999", "user": "1"},
        {},
        {"hotline": "1", "user": "1", "escrow_key": "not base64 at all" * 5},
    ],
)
def test_bad_input_on_the_key_pages_is_a_message_never_a_500(tip, handler_national, data):
    browser = sign_in(handler_national)
    assert browser.post("/en/tips/staff/key/access/", data).status_code in (400, 403, 404)
    for action in ("unlock", "recover", "start_over", "renew", "bogus"):
        response = browser.post("/en/tips/staff/key/", {"action": action, "recover-recovery": "\x00" * 100})
        assert response.status_code == 400
    assert browser.post("/en/tips/staff/key/recovery/", {"saved": "\x00"}).status_code in (302, 400)


def test_with_the_fernet_keys_retired_sealed_tips_read_and_an_older_tip_is_named(tip, handler_national, settings):
    from tips.checks import encrypted_data_check  # noqa: PLC0415 -- used by this test only

    from .test_seal_existing import legacy_tip  # noqa: PLC0415 -- used by this test only

    settings.FIELD_ENCRYPTION_KEYS = []
    assert encrypted_data_check(databases=["default"]) == [], "sealed tips need no Fernet key"
    assert SECRET_TEXT in sign_in(handler_national).get(detail(tip)).content.decode()

    settings.FIELD_ENCRYPTION_KEYS = ["JIv1GkYEuZje-jXLrE1nBNijECdVrwvcXq5s0163xWQ="]
    legacy_tip(tip.deliveries.get().hotline, by=handler_national, files=())
    settings.FIELD_ENCRYPTION_KEYS = []  # retired too early
    assert {error.id for error in encrypted_data_check(databases=["default"])} == {"tips.E002"}


def test_the_purge_deletes_the_ciphertext_and_every_key_to_it(tip, handler_national):
    from datetime import timedelta  # noqa: PLC0415 -- used by this test only

    from django.utils import timezone  # noqa: PLC0415 -- used by this test only

    assert TipKeyGrant.objects.filter(tip=tip).exists()
    long_ago = timezone.now() - timedelta(days=400)
    Tip.objects.filter(id=tip.id).update(
        status="closed", closed_at=long_ago, last_activity_at=long_ago, purge_warned_at=long_ago
    )
    assert services.tip_purge(tip=tip)
    assert not Tip.objects.filter(id=tip.id).exists() and not TipKeyGrant.objects.filter(tip_id=tip.id).exists()


def test_the_key_page_counts_wrong_passwords_towards_the_sign_in_lock_out(tip, handler_national, settings):
    """A stolen session cannot be used to guess the password on the key page instead of the sign-in page."""
    browser = sign_in(handler_national)
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = stolen.post("/en/tips/staff/key/", {"action": "unlock", "unlock-password": f"guess-{n}"})
        assert response.status_code in (400, 403, 429)
    right = stolen.post("/en/tips/staff/key/", {"action": "unlock", "unlock-password": PASSWORD})
    assert right.status_code in (403, 429), "locked out: even the right password is refused now"
    assert SECRET_TEXT not in stolen.get(detail(tip), follow=True).content.decode()


def test_a_handler_who_never_confirmed_a_recovery_key_gets_a_new_one_at_sign_in(tip, handler_national):
    HandlerKey.objects.filter(user=handler_national).update(recovery_saved_at=None)
    before = bytes(HandlerKey.objects.get(user=handler_national).recovery_wrapped)
    browser = sign_in(handler_national)
    response = browser.get(detail(tip))
    assert response.status_code == 302 and response["Location"].endswith("/key/recovery/")
    assert bytes(HandlerKey.objects.get(user=handler_national).recovery_wrapped) != before
    assert browser.post("/en/tips/staff/key/recovery/", {"saved": "on"}).status_code == 302
    assert SECRET_TEXT in browser.get(detail(tip)).content.decode()


def test_the_administrators_password_page_warns_before_a_reset(handler_national):
    from taskforce.testing.factories import UserFactory  # noqa: PLC0415 -- used by this test only

    admin = UserFactory(is_staff=True, is_superuser=True)
    client = login(Client(), admin)
    page = client.get(f"/admin/taskforce/user/{handler_national.id}/password/").content.decode()
    assert "after this reset they need their recovery key" in page
