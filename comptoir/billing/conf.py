"""Billing defaults (French law and usage). Kept in one place so a place could override them later."""

from decimal import Decimal

PAYMENT_TERM_DAYS = 30
# Art. L441-10 du code de commerce: at least three times the legal interest rate.
LATE_PENALTY_TEXT = "En cas de retard de paiement, pénalités au taux de trois fois le taux d'intérêt légal"
RECOVERY_FEE = Decimal("40.00")  # indemnité forfaitaire pour frais de recouvrement (art. D441-5)
RECOVERY_FEE_TEXT = "Indemnité forfaitaire pour frais de recouvrement due au créancier professionnel : 40 €"
FRANCHISE_TEXT = "TVA non applicable, art. 293 B du CGI"
