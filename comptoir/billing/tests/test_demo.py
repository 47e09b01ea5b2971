from comptoir.association.demo import load as load_association
from comptoir.association.models import Adhesion, FeeScheme
from comptoir.billing.demo import load as load_billing
from comptoir.billing.models import Charge, Invoice, Product
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import association_of


def test_demo_loaders_are_idempotent(place, scop):
    association_of(place)
    people = {
        "membre@demo.comptoir.example": member_of(place, "coworker"),
        "accueil@demo.comptoir.example": member_of(place, "host"),
    }
    from django.db import transaction

    for _ in range(2):
        with transaction.atomic():  # load_demo runs the loaders inside one transaction
            load_billing(place=place, people=people)
            load_association(place=place, people=people)
    assert Product.objects.count() == 5 and FeeScheme.objects.count() == 3
    assert Invoice.objects.count() == 2 and Adhesion.objects.count() == 1
    assert Charge.objects.filter(invoice_line__isnull=True).count() == 2
