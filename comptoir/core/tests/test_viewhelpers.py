"""The plumbing shared by pages: 404 for what a selector did not find, a service's refusal on the form or
as a message, pages kept to members."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views.decorators.http import require_POST

from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.viewhelpers import member_required, or_404, service_errors_as_messages, service_errors_on


class NameForm(forms.Form):
    name = forms.CharField()


def bound_form():
    form = NameForm({"name": "Salle"})
    assert form.is_valid()
    return form


def a_request(method="get", access=None):
    request = getattr(RequestFactory(), method)("/")
    request._messages = CookieStorage(request)
    request.access = access
    return request


def test_or_404_passes_what_was_found_and_refuses_none():
    assert or_404(0) == 0
    with pytest.raises(Http404):
        or_404(None)


def test_a_refusal_goes_on_the_field_it_names():
    form, reached = bound_form(), []
    with service_errors_on(form) as refusal:
        reached.append("before")
        raise ServiceError("Ce nom est pris.", field="name")
    assert form.errors == {"name": ["Ce nom est pris."]}
    assert isinstance(refusal.error, ServiceError) and reached == ["before"]


def test_a_refusal_without_a_known_field_goes_above_the_form():
    form = bound_form()
    with service_errors_on(form):
        raise Conflict("Déjà pris.", field="not_a_field")
    assert form.non_field_errors() == ["Déjà pris."]


def test_a_block_without_refusal_runs_to_its_end():
    form = bound_form()
    with service_errors_on(form) as refusal:
        done = True
    assert done and refusal.error is None and form.errors == {}


def test_a_refusal_as_a_message():
    request = a_request()
    with service_errors_as_messages(request) as refusal:
        raise ServiceError("Trop tard pour annuler.")
    assert [str(m) for m in get_messages(request)] == ["Trop tard pour annuler."]
    assert refusal.error is not None


def test_other_errors_are_not_swallowed():
    with pytest.raises(ValueError), service_errors_on(bound_form()):
        raise ValueError


def access(*, member=False, superuser=False):
    return SimpleNamespace(is_member=member, user=SimpleNamespace(is_superuser=superuser))


@pytest.mark.parametrize(
    ("who", "allowed"),
    [(access(member=True), True), (access(superuser=True), True), (access(), False)],
)
def test_member_required_lets_members_and_operators_in(who, allowed):
    view = member_required(lambda request: HttpResponse("ok"))
    if allowed:
        assert view(a_request(access=who)).status_code == 200
    else:
        with pytest.raises(Http404):
            view(a_request(access=who))


def test_member_required_under_require_post_answers_a_wrong_method_first():
    view = require_POST(member_required(lambda request: HttpResponse("ok")))
    assert view(a_request("get", access=access())).status_code == 405
