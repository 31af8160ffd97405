import pytest

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
