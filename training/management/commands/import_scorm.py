from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from training.models import Course
from training.scorm_services import scorm_package_import


class Command(BaseCommand):
    help = (
        "Import a SCORM 1.2 or 2004 package (.zip) for a course, published as the course's new version. "
        "A package that is refused leaves nothing behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("course", help="the course's short name (slug)")
        parser.add_argument("zip", help="the package's zip file")

    def handle(self, *args, **options):
        course = Course.objects.filter(slug=options["course"]).first()
        if course is None:
            raise CommandError(f"No course has the short name {options['course']!r}.")
        try:
            with open(options["zip"], "rb") as upload:
                package = scorm_package_import(course=course, upload=upload, actor=None)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['zip']}: {exc.strerror}") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Imported SCORM {package.version} package {package.pk}: {package.launch}")
