import factory
from django.contrib.auth.models import Group

from taskforce.models import Membership, Organization, User

PASSWORD = "correct-horse-battery-staple"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.MINISTRY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        self.save()

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        for org in extracted or []:
            Membership.objects.create(user=self, organization=org)

    @factory.post_generation
    def tip_key(self, create, extracted, **kwargs):
        """A tip handler has a key pair from the start, as after their first sign-in (issue 23): tips sent after
        they exist are sealed to them. `tip_key=False` leaves them without one."""
        from tips import keyring  # noqa: PLC0415 -- the tips app loads after the factories' module

        if extracted is not False and keyring.needs_key(self):
            keyring.key_create(self, PASSWORD)
            keyring.recovery_saved(self)  # as a handler who saved it: signing in goes straight to their page
