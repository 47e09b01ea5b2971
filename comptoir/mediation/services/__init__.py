"""Every write of the mediation app. One durable transaction and one audit entry per public service."""

from comptoir.mediation.services.accompaniments import (
    AccompanimentInput,
    accompaniment_delete,
    accompaniment_update,
    accompaniments_record,
)
from comptoir.mediation.services.appointments import (
    appointment_cancel,
    appointment_cancel_token,
    appointment_from_token,
    appointment_no_show,
    appointment_reminders_send,
    appointment_self_cancel,
    appointment_slot_take,
    appointment_slots_create,
    appointment_take,
)
from comptoir.mediation.services.availability import availability_rule_create, availability_rule_delete
from comptoir.mediation.services.beneficiaries import (
    beneficiary_create,
    beneficiary_erase,
    beneficiary_export,
    beneficiary_file_read,
    beneficiary_update,
    retention_apply,
)
from comptoir.mediation.services.offer import offer_get, offer_update
from comptoir.mediation.services.vouchers import (
    acceptance_deadline,
    booklet_create,
    voucher_claim_mark,
    voucher_claims_prepare,
    voucher_record,
)
from comptoir.mediation.services.workshops import (
    attendance_save,
    registration_cancel,
    registration_create,
    reminders_send,
    session_cancel,
    session_move,
    session_series_create,
    walk_in_add,
    workshop_create,
    workshop_update,
)

__all__ = [
    "AccompanimentInput",
    "acceptance_deadline",
    "accompaniment_delete",
    "accompaniment_update",
    "accompaniments_record",
    "appointment_cancel",
    "appointment_cancel_token",
    "appointment_from_token",
    "appointment_no_show",
    "appointment_reminders_send",
    "appointment_self_cancel",
    "appointment_slot_take",
    "appointment_slots_create",
    "appointment_take",
    "attendance_save",
    "availability_rule_create",
    "availability_rule_delete",
    "beneficiary_create",
    "beneficiary_erase",
    "beneficiary_export",
    "beneficiary_file_read",
    "beneficiary_update",
    "booklet_create",
    "offer_get",
    "offer_update",
    "registration_cancel",
    "registration_create",
    "reminders_send",
    "retention_apply",
    "session_cancel",
    "session_move",
    "session_series_create",
    "voucher_claim_mark",
    "voucher_claims_prepare",
    "voucher_record",
    "walk_in_add",
    "workshop_create",
    "workshop_update",
]
