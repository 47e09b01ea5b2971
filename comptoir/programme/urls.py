"""Programme pages under /<place-slug>/."""

from django.urls import path

from comptoir.programme.views import public, staff

app_name = "programme"

urlpatterns = [
    # public
    path("agenda/", public.agenda, name="agenda"),
    path("agenda/<int:session_id>/", public.event, name="event"),
    path("agenda/inscription/<str:token>/", public.registration, name="registration"),
    # staff
    path("gestion/programme/", staff.activities, name="staff_activities"),
    path("gestion/programme/activites/nouvelle/", staff.activity_edit, name="activity_new"),
    path("gestion/programme/activites/<int:activity_id>/", staff.activity, name="staff_activity"),
    path("gestion/programme/activites/<int:activity_id>/modifier/", staff.activity_edit, name="activity_edit"),
    path("gestion/programme/activites/<int:activity_id>/seances/", staff.sessions_new, name="sessions_new"),
    path("gestion/programme/seances/<int:session_id>/annuler/", staff.session_cancel, name="session_cancel"),
    path("gestion/programme/seances/<int:session_id>/presences/", staff.attendance, name="attendance"),
    path("gestion/programme/porte/<str:qr_token>/", staff.door, name="door"),
]
