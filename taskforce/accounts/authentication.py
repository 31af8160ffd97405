"""API authentication: hashed tokens, never for accounts that must use a one-time password."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from taskforce.roles import requires_otp

TOKEN_SHAPE = re.compile(rb"[0-9a-fA-F]{8,128}")


class TokenAuthentication(KnoxTokenAuthentication):
    """Hashed API tokens (django-rest-knox keeps a digest, never the key). Accounts that must sign in with a
    one-time password are refused, also when they gained that role after the token was issued: a token would be a
    way around the one-time password."""

    def authenticate_credentials(self, token: bytes):
        if not TOKEN_SHAPE.fullmatch(token):  # NUL bytes, non-UTF-8 or other junk: a 401, not a 500
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if requires_otp(user):
            raise exceptions.AuthenticationFailed(
                _(
                    "This account signs in with a one-time password, so API tokens do not work for it. "
                    "Sign in on the portal instead."
                )
            )
        return user, token


class TokenScheme(KnoxTokenScheme):
    """The token in the OpenAPI schema: `Authorization: Token <key>`."""

    target_class = "taskforce.accounts.authentication.TokenAuthentication"
    name = "tokenAuth"
