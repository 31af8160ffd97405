"""What other apps hear of a person's password, at the moment it is known in clear and never after.

`signed_in(request, user, password)`: the password was just checked at sign-in. `password_changed(user,
old_password, new_password)`: the person changed it themselves. The tips app opens and re-wraps a tip handler's key
with them (tips/keyring.py); the password itself is never stored or logged by anyone.
"""

from django.dispatch import Signal

signed_in = Signal()
password_changed = Signal()
