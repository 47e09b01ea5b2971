from django.contrib import admin

from comptoir.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "place", "actor", "action", "object_repr"]
    list_filter = ["place", "action"]
    list_select_related = ["place", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
