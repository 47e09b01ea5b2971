import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import Conflict, ServiceError
from comptoir.mediation import services
from comptoir.mediation.models import Voucher, VoucherClaim
from comptoir.mediation.tests.factories import AccompanimentFactory, BookletFactory

pytestmark = pytest.mark.django_db


def record(place, mediator, **kwargs):
    data = {"code": "AB-123", "funder": "Département de la Loire", "validity_year": 2026,
            "received_on": dt.date(2026, 5, 4)} | kwargs  # fmt: skip
    return services.voucher_record(place=place, actor=mediator, **data)


def test_booklet_create(place, mediator):
    booklet = services.booklet_create(place=place, actor=mediator, funder="CCAS de Roanne", validity_year=2026,
                                      count=10, face_value="10")  # fmt: skip
    assert booklet.face_value == Decimal("10.00")
    for bad in ({"funder": ""}, {"count": 0}, {"validity_year": 1990}, {"face_value": "dix"}):
        data = {"funder": "CCAS", "validity_year": 2026, "count": 5} | bad
        with pytest.raises(ServiceError):
            services.booklet_create(place=place, actor=mediator, **data)


def test_voucher_accepted_once(place, mediator):
    BookletFactory(place=place, validity_year=2026)
    accompaniment = AccompanimentFactory(place=place)
    voucher = record(place, mediator, code=" ab-123 ", accompaniment=accompaniment)
    assert voucher.code == "AB-123" and voucher.accompaniment == accompaniment
    with pytest.raises(Conflict) as error:
        record(place, mediator, code="AB-123")
    assert "already accepted" in str(error.value.message) or "déjà" in str(error.value.message)
    assert Voucher.objects.count() == 1


def test_funder_is_case_insensitive_but_must_be_known(place, mediator):
    BookletFactory(place=place, validity_year=2026)
    assert record(place, mediator, funder="département de la loire")
    with pytest.raises(ServiceError) as error:
        record(place, mediator, code="X1", funder="Mairie inconnue")
    assert error.value.code == "unknown_funder"
    BookletFactory(validity_year=2026, funder="Ailleurs")  # another place's booklet does not count
    with pytest.raises(ServiceError):
        record(place, mediator, code="X2", funder="Ailleurs")
    assert Voucher.objects.count() == 1


@pytest.mark.parametrize(
    ("received_on", "accepted"),
    [
        (dt.date(2026, 1, 1), True),
        (dt.date(2026, 12, 31), True),
        (dt.date(2027, 1, 31), True),  # grace month
        (dt.date(2027, 2, 1), False),
        (dt.date(2025, 12, 31), False),  # not valid yet
    ],
)
def test_validity_dates(place, mediator, received_on, accepted):
    BookletFactory(place=place, validity_year=2026)
    if accepted:
        assert record(place, mediator, received_on=received_on)
    else:
        with pytest.raises(ServiceError):
            record(place, mediator, received_on=received_on)
        assert not Voucher.objects.exists()
        assert not AuditEntry.objects.filter(action="mediation.voucher.accepted").exists()


def test_year_without_booklet_and_exhausted_booklet(place, mediator):
    BookletFactory(place=place, validity_year=2026, count=1)
    with pytest.raises(ServiceError) as error:
        record(place, mediator, validity_year=2025, received_on=dt.date(2026, 1, 10))
    assert error.value.code == "unknown_booklet"
    record(place, mediator, code="ONE")
    with pytest.raises(ServiceError) as error:
        record(place, mediator, code="TWO")
    assert error.value.code == "booklet_exhausted"


def test_monthly_reconciliation(place, mediator):
    loire = BookletFactory(place=place, validity_year=2026, funder="Loire", operator="APTIC")
    BookletFactory(place=place, validity_year=2026, funder="CCAS", operator="APTIC", face_value=Decimal("20"))
    for index, day in enumerate([dt.date(2026, 4, 2), dt.date(2026, 4, 30), dt.date(2026, 5, 1)]):
        record(place, mediator, code=f"L{index}", funder="Loire", received_on=day)
    record(place, mediator, code="C1", funder="CCAS", received_on=dt.date(2026, 4, 15))
    claims = services.voucher_claims_prepare(place=place, actor=mediator, month=dt.date(2026, 4, 1))
    summary = {(c.funder, c.count, c.amount) for c in claims}
    assert summary == {("Loire", 2, Decimal("20.00")), ("CCAS", 1, Decimal("20.00"))}
    # idempotent: nothing new, nothing doubled
    services.voucher_claims_prepare(place=place, actor=mediator, month=dt.date(2026, 4, 1))
    assert VoucherClaim.objects.get(funder="Loire").count == 2
    claim = VoucherClaim.objects.get(funder="Loire")
    with pytest.raises(ServiceError):
        services.voucher_claim_mark(claim=claim, actor=mediator, status="paid")
    services.voucher_claim_mark(claim=claim, actor=mediator, status="claimed")
    claim = services.voucher_claim_mark(claim=claim, actor=mediator, status="paid")
    assert claim.paid_at is not None
    assert loire.vouchers.filter(claim__isnull=True).count() == 1  # the May one waits for May


@given(
    year=st.integers(min_value=2016, max_value=2090),
    received_on=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2092, 12, 31)),
)
def test_acceptance_window_property(year, received_on):
    from comptoir.mediation.services.vouchers import date_refusal

    accepted = dt.date(year, 1, 1) <= received_on <= dt.date(year + 1, 1, 31)
    assert (date_refusal(validity_year=year, received_on=received_on) is None) == accepted
