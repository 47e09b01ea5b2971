from django.urls import path

from comptoir.audit import views

app_name = "audit"

urlpatterns = [path("gestion/journal/", views.entries, name="list")]
