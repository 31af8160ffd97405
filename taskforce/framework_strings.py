"""Django's own words that the safety pages can show (a form's label suffix, its commonest field errors), marked here
so that `make messages` puts them in our catalogues: Django ships no catalogue for some of our languages (Tagalog)
and lacks some of these strings in others (Punjabi). Where our catalogue has a translation it is used; the
safety-page test (quality/tests/test_languages.py) finds any other Django string a safety page looks up."""

from django.utils.translation import gettext_noop

FRAMEWORK_STRINGS = [
    gettext_noop(":"),
    gettext_noop("This field is required."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
]
