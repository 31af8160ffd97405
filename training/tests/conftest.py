from collections import Counter

import pytest
from django.db.models.signals import post_init

from taskforce import roles
from taskforce.testing.plugin import persona

from .factories import make_course


@pytest.fixture
def course(db):
    return make_course()


learner = persona(roles.LEARNER, org="org_a", full_name="Léa Apprenante")
learner_b = persona(roles.LEARNER, org="org_b", full_name="Ben Learner")
manager_a = persona(roles.TRAINING_MANAGER, org="org_a", full_name="Mona Manager")
manager_b = persona(roles.TRAINING_MANAGER, org="org_b", full_name="Max Manager")


@pytest.fixture
def instances_built():
    """How many objects of each model the code under test builds (one per row it read from the database)."""
    counts = Counter()

    def count(sender, **kwargs):
        counts[sender.__name__] += 1

    post_init.connect(count)
    yield counts
    post_init.disconnect(count)
