from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import Payment, Product
from comptoir.billing.totals import VatRate
from comptoir.core.widgets import DateInput
from comptoir.places.selectors import legal_entity_default


class PaymentForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Payment.Method.choices)
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0.01)
    received_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    reference = forms.CharField(label=_("Reference (cheque, transfer)"), max_length=100, required=False)
    mandate_reference = forms.CharField(label=_("SEPA mandate reference"), max_length=35, required=False)
    voucher_code = forms.CharField(label=_("Pass Numérique voucher code"), max_length=40, required=False)


class TopUpForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Wallet held by"), queryset=None, empty_label=None)
    method = forms.ChoiceField(
        label=_("Method"), choices=[c for c in Payment.Method.choices if c[0] not in ("wallet", "online")]
    )
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0.01)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    mandate_reference = forms.CharField(label=_("SEPA mandate reference"), max_length=35, required=False)
    voucher_code = forms.CharField(label=_("Pass Numérique voucher code"), max_length=40, required=False)

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities


class RefundForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Wallet held by"), queryset=None, empty_label=None)
    method = forms.ChoiceField(
        label=_("Refunded by"),
        choices=[c for c in Payment.Method.choices if c[0] in ("cash", "card", "cheque", "transfer")],
    )
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0.01)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities


class ProductForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Sold by"), queryset=None)
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Product.Kind.choices)
    unit_price = forms.DecimalField(label=_("Unit price excl. VAT (€)"), max_digits=12, decimal_places=2)
    vat_rate = forms.ChoiceField(label=_("VAT rate"), choices=VatRate.choices)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities
        self.fields["entity"].initial = legal_entity_default(entities=entities)


class RunForm(forms.Form):
    period = forms.RegexField(
        label=_("Period"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", help_text=_("Year and month, e.g. 2026-11"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2026-11"}),
    )  # fmt: skip
    confirm_past = forms.BooleanField(
        label=_("I confirm invoicing a period that ended more than three months ago"), required=False
    )


class FecForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Legal entity"), queryset=None)
    start = forms.DateField(label=_("Start of the financial year"), widget=DateInput())
    end = forms.DateField(label=_("End of the financial year"), widget=DateInput())

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities
        self.fields["entity"].initial = legal_entity_default(entities=entities)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start."))
        return data


class CloseForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Legal entity"), queryset=None)
    closed_until = forms.DateField(label=_("Close until (included)"), widget=DateInput())

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities
        self.fields["entity"].initial = legal_entity_default(entities=entities)


class BillingProfileForm(forms.Form):
    is_organisation = forms.BooleanField(label=_("Address my invoices to an organisation"), required=False)
    name = forms.CharField(label=_("Name on invoices"), max_length=200, required=False,
                           help_text=_("Leave empty to use your own name."))  # fmt: skip
    siren = forms.CharField(label=_("SIREN of the organisation"), max_length=11, required=False)
    vat_number = forms.CharField(label=_("EU VAT number"), max_length=20, required=False)
    address = forms.CharField(
        label=_("Address (number and street)"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("French law asks for the buyer's address on every invoice."),
    )  # fmt: skip
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))  # fmt: skip
    city = forms.CharField(label=_("City"), max_length=100, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))  # fmt: skip
    country = forms.CharField(label=_("Country (two-letter code)"), max_length=2, required=False, initial="FR",
                              widget=forms.TextInput(attrs={"autocomplete": "country"}))  # fmt: skip
    email = forms.EmailField(label=_("E-mail for invoices"), required=False)


class DeskSaleForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    product = forms.ModelChoiceField(label=_("Product"), queryset=None)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=3, initial=1)
    payment_method = forms.ChoiceField(
        label=_("Paid now by"), required=False,
        choices=[("", _("Not paid yet"))] + [c for c in Payment.Method.choices if c[0] not in ("wallet", "online")],
    )  # fmt: skip
    reference = forms.CharField(label=_("Reference (cheque...)"), max_length=100, required=False)

    def __init__(self, *args, members, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["product"].queryset = products


class AccountForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Legal entity"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("Used for"), choices=[])
    number = forms.CharField(label=_("Account number"), max_length=20)
    label = forms.CharField(label=_("Label"), max_length=100, required=False)

    def __init__(self, *args, entities, roles, **kwargs):
        super().__init__(*args, prefix="account", **kwargs)
        self.fields["entity"].queryset = entities
        self.fields["role"].choices = roles


class DraftForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Buyer (member)"), queryset=None,
        help_text=_("The invoice goes to the member's billing details: the person, or their organisation."),
    )  # fmt: skip
    entity = forms.ModelChoiceField(label=_("Sold by"), queryset=None, empty_label=None)
    note = forms.CharField(label=_("Note printed on the invoice"), max_length=300, required=False)

    def __init__(self, *args, members, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["entity"].queryset = entities


class DraftLineForm(forms.Form):
    """A free line; quantity and price are checked by the service (clear messages, nothing written)."""

    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=3, initial=1)
    unit_price = forms.DecimalField(label=_("Unit price excl. VAT (€)"), max_digits=12, decimal_places=2)
    vat_rate = forms.ChoiceField(label=_("VAT rate"), choices=VatRate.choices, initial=VatRate.STANDARD)
