from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages without gettext's fuzzy matching: a new string starts empty in every catalogue rather
    than with a guess from a similar one (a wrong guess in a language nobody on the team reads would ship)."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
