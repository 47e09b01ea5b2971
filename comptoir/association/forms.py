from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.association.models import FeeScheme
from comptoir.billing.models import Payment
from comptoir.core.money import format_money
from comptoir.places.selectors import legal_entity_default

DESK_METHODS = [c for c in Payment.Method.choices if c[0] not in ("wallet", "online")]


class JoinForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Membership fee"), queryset=None, empty_label=None)
    amount = forms.DecimalField(
        label=_("Amount (€)"), max_digits=10, decimal_places=2, required=False,
        help_text=_("Only for fees where you may give more than the minimum."),
    )  # fmt: skip

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].label_from_instance = lambda s: (
            f"{s.name} — {format_money(s.amount)}" + (" " + str(_("minimum")) if s.free_amount else "")
        )


class DeskJoinForm(JoinForm):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    payment_method = forms.ChoiceField(label=_("Paid by"), choices=DESK_METHODS)
    payment_reference = forms.CharField(label=_("Reference (cheque...)"), max_length=100, required=False)
    voucher_code = forms.CharField(label=_("Pass Numérique voucher code"), max_length=40, required=False)

    field_order = ["member", "scheme", "amount", "payment_method", "payment_reference", "voucher_code"]

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class PayForm(forms.Form):
    method = forms.ChoiceField(label=_("Paid by"), choices=DESK_METHODS)


class FeeSchemeForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Association"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=FeeScheme.Category.choices)
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=10, decimal_places=2, min_value=0)
    period = forms.ChoiceField(label=_("Period"), choices=FeeScheme.Period.choices)
    free_amount = forms.BooleanField(label=_("Members may give more (the amount is a minimum)"), required=False)
    is_active = forms.BooleanField(label=_("Offered to members"), required=False, initial=True)

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities
        self.fields["entity"].initial = legal_entity_default(entities=entities)
