import factory
from django.utils import timezone

from comptoir.people.models import Membership, MembershipRole, User
from comptoir.places.tests.factories import PlaceFactory

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    place = factory.SubFactory(PlaceFactory)
    user = factory.SubFactory(UserFactory)
    status = Membership.Status.ACTIVE
    approved_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or ():
            MembershipRole.objects.create(place=obj.place, membership=obj, role=role)


def member_of(place, *roles, **user_fields) -> User:
    """A user who is an active member of ``place`` with ``roles``."""
    user = UserFactory(**user_fields)
    MembershipFactory(place=place, user=user, roles=list(roles))
    return user
