from collections import Counter

import pytest
from django.db.models.signals import post_init

from taskforce import roles

from .factories import make_course


@pytest.fixture
def course(db):
    return make_course()


@pytest.fixture
def learner(make_user, org_a):
    return make_user(roles.LEARNER, orgs=[org_a], full_name="Léa Apprenante")


@pytest.fixture
def learner_b(make_user, org_b):
    return make_user(roles.LEARNER, orgs=[org_b], full_name="Ben Learner")


@pytest.fixture
def manager_a(make_user, org_a):
    return make_user(roles.TRAINING_MANAGER, orgs=[org_a], full_name="Mona Manager")


@pytest.fixture
def manager_b(make_user, org_b):
    return make_user(roles.TRAINING_MANAGER, orgs=[org_b], full_name="Max Manager")


@pytest.fixture
def instances_built():
    """How many objects of each model the code under test builds (one per row it read from the database)."""
    counts = Counter()

    def count(sender, **kwargs):
        counts[sender.__name__] += 1

    post_init.connect(count)
    yield counts
    post_init.disconnect(count)
