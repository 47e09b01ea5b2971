"""Comptoir's URLs plus /bench/floor: the cheapest write the same server can do (one INSERT), to compare
the booking throughput against. Used only by bench/spaces_storm.py through bench/spaces_settings.py."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from comptoir.audit.models import AuditEntry
from comptoir.urls import urlpatterns as comptoir_urlpatterns


@csrf_exempt
def floor(request):
    entry = AuditEntry.objects.create(place=None, action="bench.floor", object_repr="floor")
    return JsonResponse({"id": entry.pk}, status=201)


urlpatterns = [path("bench/floor", floor), *comptoir_urlpatterns]
