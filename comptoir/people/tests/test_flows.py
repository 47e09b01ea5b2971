import pytest
from django.core import mail

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.permissions import Role
from comptoir.people import services
from comptoir.people.models import ApiToken, Membership, User
from comptoir.people.tests.factories import PASSWORD, MembershipFactory, UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "display_name": "Nina Nouvelle",
        "email": "nina@example.org",
        "phone": "",
        "password": "un-mot-de-passe-solide",
        "password_confirm": "un-mot-de-passe-solide",
        "preferred_language": "fr",
    }
    data.update(overrides)
    return data


def test_sign_up_is_pending_then_approved_by_a_host(client, django_capture_on_commit_callbacks):
    place = PlaceFactory(slug="lieu", auto_approve_members=False)
    host = member_of(place, Role.HOST)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/lieu/rejoindre/", signup_data())
    assert response.status_code == 200
    nina = User.objects.get(email="nina@example.org")
    membership = nina.memberships.get()
    assert membership.status == Membership.Status.PENDING
    assert mail.outbox and "nina@example.org" in mail.outbox[0].to
    # A pending member has no access to the member pages yet.
    assert client.get("/lieu/annuaire/").status_code == 404

    client.force_login(host)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/lieu/gestion/membres/{membership.pk}/approuver/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"membership-" in response.content
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert AuditEntry.objects.filter(place=place, action="membership.approved", actor=host).exists()
    assert "nina@example.org" in mail.outbox[-1].to

    client.force_login(nina)
    assert client.get("/lieu/moi/").status_code == 200


def test_auto_approved_place(client):
    place = PlaceFactory(slug="lieu", auto_approve_members=True)
    client.post("/lieu/rejoindre/", signup_data())
    assert Membership.objects.get(place=place).status == Membership.Status.ACTIVE


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "pas-un-email"}, "email"),
        ({"password": "court", "password_confirm": "court"}, "password"),
        ({"password_confirm": "autre-chose-encore"}, "password_confirm"),
        ({"display_name": ""}, "display_name"),
        ({"preferred_language": "xx"}, "preferred_language"),
    ],
)
def test_sign_up_bad_input_is_explained_and_writes_nothing(client, overrides, field):
    PlaceFactory(slug="lieu")
    response = client.post("/lieu/rejoindre/", signup_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.exists()
    assert not Membership.objects.exists()


def test_sign_up_with_an_existing_email_is_refused(client):
    PlaceFactory(slug="lieu")
    UserFactory(email="nina@example.org")
    response = client.post("/lieu/rejoindre/", signup_data(email="NINA@example.org"))
    assert "email" in response.context["form"].errors
    assert not Membership.objects.exists()


def test_logged_in_person_joins_another_place(client):
    place_a = PlaceFactory(slug="a")
    PlaceFactory(slug="b")
    person = member_of(place_a)
    client.force_login(person)
    client.post("/b/rejoindre/")
    assert person.memberships.count() == 2
    with pytest.raises(Conflict):
        services.membership_request(place=place_a, user=person)


def test_refuse_and_no_double_approval():
    place = PlaceFactory()
    host = member_of(place, Role.HOST)
    pending = MembershipFactory(place=place, status=Membership.Status.PENDING, approved_at=None)
    services.membership_refuse(membership=pending, actor=host, reason="hors zone")
    pending.refresh_from_db()
    assert pending.status == Membership.Status.REFUSED
    active = MembershipFactory(place=place)
    with pytest.raises(ServiceError):
        services.membership_approve(membership=active, actor=host)


def test_roles_change_keeps_one_admin():
    place = PlaceFactory()
    admin = member_of(place, Role.ADMIN)
    membership = admin.memberships.get()
    with pytest.raises(ServiceError):
        services.membership_roles_set(membership=membership, roles=[Role.HOST], actor=admin)
    with pytest.raises(ServiceError):
        services.membership_roles_set(membership=membership, roles=["pirate"], actor=admin)
    other = member_of(place)
    services.membership_roles_set(membership=other.memberships.get(), roles=[Role.ADMIN, Role.HOST], actor=admin)
    services.membership_roles_set(membership=membership, roles=[Role.HOST], actor=admin)
    assert membership.role_rows.count() == 1
    entry = AuditEntry.objects.filter(action="membership.roles_changed").first()
    assert entry.before == {"roles": ["admin"]} and entry.after == {"roles": ["host"]}


def test_roles_page_needs_manage_roles(client):
    place = PlaceFactory(slug="lieu")
    host = member_of(place, Role.HOST)
    coworker = member_of(place)
    client.force_login(host)
    membership = coworker.memberships.get()
    assert client.get(f"/lieu/gestion/membres/{membership.pk}/").status_code == 200
    response = client.post(f"/lieu/gestion/membres/{membership.pk}/", {"roles": ["admin"]})
    assert response.status_code == 403
    assert not membership.role_rows.exists()


def test_profile_update_with_skills(client):
    place = PlaceFactory(slug="lieu")
    person = member_of(place)
    client.force_login(person)
    response = client.post(
        "/compte/profil/",
        {
            "display_name": "Zoé",
            "phone": "",
            "preferred_language": "en",
            "bio": "Je répare",
            "skills": "Soudure, couture,  soudure",
            "interests": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "Zoé" and person.preferred_language == "en"
    assert sorted(t.name for t in person.skills.all()) == ["Soudure", "couture"]


def test_password_reset_sends_an_email(client, django_capture_on_commit_callbacks):
    UserFactory(email="nina@example.org")
    with django_capture_on_commit_callbacks(execute=True):  # through the task queue, after the commit
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "nina@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/compte/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_login_with_email(client):
    person = UserFactory(email="nina@example.org")
    response = client.post("/compte/connexion/", {"username": "Nina@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_api_tokens_are_hashed_listed_and_revoked(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post("/compte/jetons/", {"name": "Tableur"})
    secret = response.context["new_secret"]
    assert secret.startswith("cpt_")
    token = ApiToken.objects.get(user=person)
    assert secret not in token.key_hash and len(token.key_hash) == 64
    client.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    client.force_login(person)
    client.post(f"/compte/jetons/{token.pk}/revoquer/")
    client.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer cpt_nope_nope"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer n'importe quoi"}).status_code == 401


def test_directory_search_by_skill(client):
    place = PlaceFactory(slug="lieu")
    viewer = member_of(place)
    laser = member_of(place, display_name="Lina Laser")
    services.profile_update(user=laser, actor=laser, display_name="Lina Laser", skills=["Découpe laser"])
    hidden = member_of(place, display_name="Hugo Caché")
    services.profile_update(user=hidden, actor=hidden, display_name="Hugo Caché", skills=["Découpe laser"])
    services.membership_preferences_update(membership=laser.memberships.get(), actor=laser, directory_visible=True)
    client.force_login(viewer)
    response = client.get("/lieu/annuaire/", {"q": "laser"})
    names = [m.user.display_name for m in response.context["page"].object_list]
    assert names == ["Lina Laser"]
    response = client.get("/lieu/annuaire/", {"competence": "découpe laser"}, headers={"HX-Request": "true"})
    assert [m.user.display_name for m in response.context["page"].object_list] == ["Lina Laser"]
