from django.utils.translation import gettext_lazy as _

from comptoir.core.permissions import Role

CHECKIN = "coworking.check_in"
PLANS_SELL = "coworking.sell_plans"

PERMISSIONS = {
    CHECKIN: _("Check coworkers in and out, see who is here"),
    PLANS_SELL: _("Sell coworking plans"),
}

ROLE_PERMISSIONS = {
    Role.HOST: [CHECKIN, PLANS_SELL],
    Role.VOLUNTEER: [CHECKIN],
}
