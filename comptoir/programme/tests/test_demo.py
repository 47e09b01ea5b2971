import pytest

from comptoir.programme.models import Activity, Registration, Session

pytestmark = pytest.mark.django_db


def test_the_demo_programme_is_on_the_agenda_and_loads_once(client):
    from comptoir.demo.loader import load_demo

    place = load_demo()["place"]
    load_demo()
    assert set(Activity.objects.filter(place=place).values_list("title", flat=True)) == {
        "Goûter de code", "La Quinzaine du faire", "Meetup logiciels libres"
    }
    assert Session.objects.filter(place=place).count() == 5  # three goûters, the festival, the meetup
    assert Registration.objects.filter(place=place).count() == 1
    festival = Session.objects.get(activity__title="La Quinzaine du faire")
    assert (festival.ends_at - festival.starts_at).days == 1
    page = client.get(f"/{place.slug}/agenda/").content.decode()
    assert "Goûter de code" in page and "9 places restantes" in page and "En ligne" in page
