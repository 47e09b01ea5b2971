from django.contrib import admin

from comptoir.places.models import LegalEntity, Place


class LegalEntityInline(admin.StackedInline):
    model = LegalEntity
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city", "is_listed"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LegalEntityInline]
