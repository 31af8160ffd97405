from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from taskforce.roles import requires_otp
from taskforce.testing.factories import PASSWORD
from tips import keyring


def confirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login(client, user, password: str = PASSWORD):
    """Sign `user` in on the Django test client, completing the one-time-password step when the role needs it, and
    opening a tip handler's key for the session with their password (the factories' by default), as signing in
    with it does."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    if requires_otp(user):
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    private = keyring.key_open_with_password(user, password)
    if private is not None:
        session[keyring.SESSION_KEY], client.cookies[settings.TIPS_KEY_COOKIE] = keyring.session_copy(user.pk, private)
    session.save()
    return client


__all__ = ["login", "confirmed_device", "current_token", "settings"]
