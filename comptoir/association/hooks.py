"""The functions the association app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations


def demo_loader(*, place, people: dict) -> None:
    """``demo_loader``: the association's demo data (adhesion campaign, members' adhesions)."""
    from comptoir.association.demo import load

    load(place=place, people=people)


def invoice_settled(*, place, invoice, sources: list[tuple[str, str]]) -> None:
    """``invoice_settled``: an adhésion's invoice is paid (desk, online, wallet, API...): it is paid."""
    from comptoir.association.services import SOURCE_TYPE, adhesion_mark_paid

    adhesion_ids = [source_id for source_type, source_id in sources if source_type == SOURCE_TYPE]
    if adhesion_ids:
        adhesion_mark_paid(place=place, adhesion_ids=adhesion_ids)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.association.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.association.audit_words import describe

    return describe(place=place, objects=objects)
