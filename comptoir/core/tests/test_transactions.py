"""The transaction convention (comptoir.core.transactions): one body, a durable call and ``.in_transaction``."""

import contextlib
import inspect

import pytest
from django.db import IntegrityError, transaction

from comptoir.core.errors import Conflict
from comptoir.core.transactions import Service, service
from comptoir.places.models import Place
from comptoir.places.tests.factories import PlaceFactory


@pytest.fixture
def place(db):
    return PlaceFactory()


@service
def place_rename(*, slug: str, name: str, fail: bool = False) -> Place:
    """Rename a place (a test service)."""
    place = Place.objects.get(slug=slug)
    place.name = name
    place.save(update_fields=["name"])
    if fail:
        raise ValueError("refused after writing")
    return place


def test_the_decorated_service_keeps_its_name_doc_and_signature():
    assert isinstance(place_rename, Service)
    assert place_rename.__name__ == "place_rename"
    assert place_rename.__doc__ == "Rename a place (a test service)."
    assert list(inspect.signature(place_rename).parameters) == ["slug", "name", "fail"]
    assert place_rename.__wrapped__.__name__ == "place_rename"


@pytest.mark.django_db
def test_a_durable_call_inside_an_atomic_block_raises(place):
    with pytest.raises(RuntimeError, match="durable"):
        with transaction.atomic():
            place_rename(slug=place.slug, name="Nested")
    place.refresh_from_db()
    assert place.name != "Nested"


@pytest.mark.django_db
def test_the_in_transaction_variant_joins_the_callers_transaction_and_rolls_back_with_it(place):
    old = place.name
    with pytest.raises(ZeroDivisionError):
        with transaction.atomic():
            place_rename.in_transaction(slug=place.slug, name="Inside")
            assert Place.objects.get(pk=place.pk).name == "Inside"  # the caller's transaction sees it
            raise ZeroDivisionError  # the caller fails afterwards: its service's write goes too
    assert Place.objects.get(pk=place.pk).name == old


@pytest.mark.django_db
def test_the_in_transaction_variant_adds_no_savepoint(place):
    """An error of the body ends the caller's transaction: nothing of it survives (no hidden savepoint)."""
    with pytest.raises(ValueError):
        with transaction.atomic():
            place_rename.in_transaction(slug=place.slug, name="Half", fail=True)
    assert Place.objects.get(pk=place.pk).name != "Half"


@pytest.mark.django_db(transaction=True)
def test_the_durable_call_commits_on_its_own_and_rolls_back_on_error(place):
    place_rename(slug=place.slug, name="Committed")
    assert Place.objects.get(pk=place.pk).name == "Committed"
    with pytest.raises(ValueError):
        place_rename(slug=place.slug, name="Refused", fail=True)
    assert Place.objects.get(pk=place.pk).name == "Committed"


@pytest.mark.django_db(transaction=True)
def test_the_in_transaction_variant_refuses_to_run_without_a_transaction(place):
    with pytest.raises(RuntimeError, match="caller's transaction"):
        place_rename.in_transaction(slug=place.slug, name="Autocommit")
    assert Place.objects.get(pk=place.pk).name != "Autocommit"


@pytest.mark.django_db(transaction=True)
def test_prepare_runs_before_the_durable_transaction_and_first_in_the_callers(place):
    seen = []

    def prepare(arguments):
        seen.append(transaction.get_connection().in_atomic_block)
        return {**arguments, "name": arguments["name"].strip()}

    @service(prepare=prepare)
    def rename(*, slug: str, name: str, suffix: str = "") -> str:
        return name + suffix

    assert rename(slug=place.slug, name="  Prepared ", suffix="!") == "Prepared!"
    with transaction.atomic():
        assert rename.in_transaction(slug=place.slug, name=" Inside ") == "Inside"
    assert seen == [False, True]  # outside the durable transaction; inside the caller's


@pytest.mark.django_db
def test_guard_wraps_the_durable_transaction_and_the_in_transaction_body(place):
    @contextlib.contextmanager
    def guard():
        try:
            yield
        except IntegrityError:
            raise Conflict("taken", code="taken")

    @service(guard=guard)
    def clash(*, slug: str) -> None:
        raise IntegrityError("duplicate")

    with pytest.raises(Conflict):
        clash(slug=place.slug)
    with pytest.raises(Conflict):
        with transaction.atomic():
            clash.in_transaction(slug=place.slug)
