"""The titles a course version freezes for its quizzes, from the catalogues in every language (services): kept apart
so that the public awareness module's words are part of the safety pages' catalogue (taskforce.language)."""

from django.utils.translation import gettext_noop

CHECK_TITLE = gettext_noop("Knowledge check: %(title)s")
FINAL_TITLE = gettext_noop("Final assessment")
# The audience the open awareness module's page names (the label of training.models.Audience.PUBLIC, marked here
# too so that it is one of the safety pages' strings, translated in every language).
PUBLIC_AUDIENCE = gettext_noop("General public")
