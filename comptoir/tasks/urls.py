from django.urls import path

from comptoir.tasks import views

app_name = "tasks"

urlpatterns = [
    path("gestion/envois/", views.deliveries, name="deliveries"),
    path("gestion/envois/<int:pk>/reessayer/", views.delivery_retry, name="delivery_retry"),
]
