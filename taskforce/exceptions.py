"""Refusals every app's services share, each answered one way: in the API by `taskforce.api.exception_handler`,
on pages as a form error."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class Conflict(ValidationError):
    """Somebody changed the object since the person (or file) read the version they send back: the optimistic
    lock refused the write and nothing was saved. The API answers 409 `{"detail": ..., "code": "stale"}`; a page
    shows the message above the form (it is a ValidationError, so `form.add_error(None, exc)` takes it)."""

    code = "stale"

    def __init__(self, message=None, *, current=None):
        super().__init__(
            message
            or _("This changed since you opened it. Reload the page to see the current version, then try again."),
            code=self.code,
        )
        self.current = current  # the object as it is now, when the service read it
