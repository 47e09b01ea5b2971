from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from comptoir.people.models import ApiToken, Membership, MembershipRole, Tag, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_superuser", "is_active"]
    search_fields = ["email", "display_name"]
    list_filter = ["is_superuser", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profil", {"fields": ["display_name", "phone", "preferred_language", "bio", "skills", "interests"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})]
    filter_horizontal = ["skills", "interests"]


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 0
    fields = ["role"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "place", "status", "approved_at"]
    list_filter = ["place", "status"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user", "place"]
    inlines = [MembershipRoleInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance and not inline_form.instance.place_id:
                inline_form.instance.place_id = form.instance.place_id
        super().save_formset(request, form, formset, change)


admin.site.register(Tag)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash"]
