"""Reference data of publications: the task force news items named in the source documents (titles and dates
only). Loaded by `manage.py load_reference` (production runs it alone) and by `seed_demo`."""

from datetime import date

from .models import Publication
from .services import publication_upsert

# Titles and dates as listed in the Government of Alberta's page on the action plan; no text is reproduced.
NEWS = [
    ("2022-03-27-fighting-human-trafficking", "Fighting human trafficking", date(2022, 3, 27)),
    (
        "2020-05-19-task-force-to-help-protect-some-of-albertas-most-vulnerable",
        "Task force to help protect some of Alberta's most vulnerable",
        date(2020, 5, 19),
    ),
    (
        "2020-04-07-bill-8-protecting-survivors-of-human-trafficking-act",
        "Bill 8: Protecting Survivors of Human Trafficking Act",
        date(2020, 4, 7),
    ),
    ("2020-02-21-standing-against-human-trafficking", "Standing against human trafficking", date(2020, 2, 21)),
]


def load() -> None:
    for slug, title, published_on in NEWS:
        publication_upsert(slug=slug, title=title, published_on=published_on, kind=Publication.Kind.NEWS)
