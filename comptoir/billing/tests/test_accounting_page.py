"""The accounting page: a plain tab title, and no error on a form nobody submitted."""

import re

from django.urls import reverse


def test_accounting_page_title_and_unsubmitted_forms(client, place, scop, admin):
    client.force_login(admin)
    page = client.get(reverse("billing:accounting", kwargs={"place_slug": place.slug})).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "&lt;" not in title and "Comptabilité" in title
    assert page.count('id="h-chart"') == 1
    assert 'aria-invalid="true"' not in page and "Ce champ est obligatoire" not in page
