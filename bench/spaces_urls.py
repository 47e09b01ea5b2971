"""Comptoir's URLs plus /bench/floor: the cheapest write the same server can do (one INSERT), to compare
the booking throughput against; and bench/pages.py's JSON floors. Used only by the benchmarks, through
bench/spaces_settings.py."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from bench import pages_floors
from comptoir.audit.models import AuditEntry
from comptoir.urls import urlpatterns as comptoir_urlpatterns


@csrf_exempt
def floor(request):
    entry = AuditEntry.objects.create(place=None, action="bench.floor", object_repr="floor")
    return JsonResponse({"id": entry.pk}, status=201)


urlpatterns = [
    path("bench/floor", floor),
    path("bench/<slug:place_slug>/checkins.json", pages_floors.checkins),
    path("bench/<slug:place_slug>/availability.json", pages_floors.availability),
    path("bench/<slug:place_slug>/members.json", pages_floors.members),
    *comptoir_urlpatterns,
]
