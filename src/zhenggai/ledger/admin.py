"""Admin for superusers: set up rounds, units, departments and memberships.

Deleting is disabled everywhere: ledger rows are archived, never deleted.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Body, Department, Finding, Grant, InspectionGroup, InspectionRound, Lead, Measure, Membership, Suggestion, Unit,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InspectionRound)
class RoundAdmin(NoDeleteAdmin):
    list_display = ("name", "kind", "inspector", "round", "archived_at")
    search_fields = ("name", "inspector")


@admin.register(Unit)
class UnitAdmin(NoDeleteAdmin):
    list_display = ("name", "inspection", "group", "feedback_date", "archived_at")
    list_filter = ("inspection",)
    search_fields = ("name",)


@admin.register(Department)
class DepartmentAdmin(NoDeleteAdmin):
    list_display = ("name", "unit", "archived_at")
    list_filter = ("unit",)


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ("user", "unit", "role", "department", "archived_at")
    list_filter = ("role", "unit")


@admin.register(Suggestion)
class SuggestionAdmin(NoDeleteAdmin):
    list_display = ("text", "unit", "archived_at")


@admin.register(Lead)
class LeadAdmin(NoDeleteAdmin):
    list_display = ("summary", "unit", "transferred_to", "archived_at")


@admin.register(Finding)
class FindingAdmin(NoDeleteAdmin):
    list_display = ("title", "level", "unit", "archived_at")
    list_filter = ("level", "unit")
    search_fields = ("title",)


@admin.register(Measure)
class MeasureAdmin(NoDeleteAdmin):
    list_display = ("text", "status", "kind", "deadline", "person", "archived_at")
    list_filter = ("status", "kind")
    search_fields = ("text",)


@admin.register(Body)
class BodyAdmin(NoDeleteAdmin):
    list_display = ("name", "kind", "tier", "parent", "archived_at")
    list_filter = ("kind", "tier")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    search_fields = ("name",)


@admin.register(InspectionGroup)
class InspectionGroupAdmin(NoDeleteAdmin):
    list_display = ("name", "inspection", "archived_at")
    list_select_related = ("inspection",)
    raw_id_fields = ("inspection",)


@admin.register(Grant)
class GrantAdmin(NoDeleteAdmin):
    list_display = ("user", "role", "body", "inspection", "group", "subtree", "starts", "ends", "archived_at")
    list_filter = ("role",)
    list_select_related = ("user", "body", "inspection", "group")
    raw_id_fields = ("user", "body", "inspection", "group")
