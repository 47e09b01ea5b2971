from django.urls import path

from comptoir.spaces import views

app_name = "spaces_root"

urlpatterns = [path("spaceapi.json", views.spaceapi_root, name="spaceapi")]
