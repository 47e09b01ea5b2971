from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import ComptoirAppConfig, NavItem, Panel
from comptoir.mediation import permissions as mp


def _today_panel(request, access):
    import datetime as dt

    from django.utils import timezone

    from comptoir.mediation.selectors import session_list

    place = access.place
    today = timezone.localdate(timezone=place.tz)
    start = dt.datetime.combine(today, dt.time.min, tzinfo=place.tz)
    sessions = list(session_list(place=place, start=start, end=start + dt.timedelta(days=1)))
    return {"sessions": sessions}


class MediationConfig(ComptoirAppConfig):
    name = "comptoir.mediation"
    verbose_name = _("Mediation")
    place_urls = "comptoir.mediation.urls"
    api_router = "comptoir.mediation.api:router"
    demo_loader = "comptoir.mediation.hooks:demo_loader"
    scheduled_commands = {"hourly": ["mediation_reminders"], "daily": ["mediation_retention"]}
    spaceapi_contribution = "comptoir.mediation.hooks:spaceapi_contribution"
    permissions = mp.PERMISSIONS
    role_permissions = mp.ROLE_PERMISSIONS
    nav_items = [
        NavItem(_("Digital help"), "mediation:help", area="public", service="mediation", order=40),
        NavItem(
            _("Mediation"), "mediation:home", area="staff", permission=mp.RECORD_ACTIVITY, service="mediation",
            order=40, group="mediation",
        ),
    ]  # fmt: skip
    staff_panels = [
        Panel(
            "mediation/panels/today.html", _today_panel, permission=mp.RECORD_ACTIVITY, service="mediation",
            order=40,
        )
    ]  # fmt: skip
    audit_vocabulary = "comptoir.mediation.hooks:audit_vocabulary"
    audit_describe = "comptoir.mediation.hooks:audit_describe"
