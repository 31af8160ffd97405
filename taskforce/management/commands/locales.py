from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import to_locale


class Command(BaseCommand):
    help = "Print the locale name of every translated language in settings.LANGUAGES (for `make messages`)."

    def handle(self, *args, **options):
        codes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        self.stdout.write(" ".join(to_locale(code) for code in codes))
