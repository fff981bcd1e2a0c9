"""Admin for superusers: set up rounds, units, departments and memberships.

Deleting is disabled everywhere: ledger rows are archived, never deleted.

A province has thousands of units and hundreds of thousands of measures, so every
list loads its related rows with the page (list_select_related: a unit's name shows
its round), filters by round rather than by unit (a unit filter lists every unit),
and foreign keys are picked by autocomplete, never by a <select> of every row.
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
    list_per_page = 50


@admin.register(Unit)
class UnitAdmin(NoDeleteAdmin):
    list_display = ("name", "inspection", "group", "feedback_date", "archived_at")
    list_filter = ("inspection",)
    search_fields = ("name", "inspection__name")
    list_select_related = ("inspection",)
    autocomplete_fields = ("inspection",)
    list_per_page = 50


@admin.register(Department)
class DepartmentAdmin(NoDeleteAdmin):
    list_display = ("name", "unit", "archived_at")
    list_filter = ("unit__inspection",)
    search_fields = ("name", "unit__name")
    list_select_related = ("unit__inspection",)
    autocomplete_fields = ("unit",)
    list_per_page = 50


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ("user", "unit", "role", "department", "archived_at")
    list_filter = ("role", "unit__inspection")
    search_fields = ("user__username", "user__last_name", "unit__name")
    list_select_related = ("user", "unit__inspection", "department")
    autocomplete_fields = ("user", "unit", "department")
    list_per_page = 50


@admin.register(Suggestion)
class SuggestionAdmin(NoDeleteAdmin):
    list_display = ("text", "unit", "archived_at")
    list_select_related = ("unit__inspection",)
    autocomplete_fields = ("unit",)


@admin.register(Lead)
class LeadAdmin(NoDeleteAdmin):
    list_display = ("summary", "unit", "transferred_to", "archived_at")
    list_select_related = ("unit__inspection",)
    autocomplete_fields = ("unit",)


@admin.register(Finding)
class FindingAdmin(NoDeleteAdmin):
    list_display = ("title", "level", "unit", "archived_at")
    list_filter = ("level", "unit__inspection")
    search_fields = ("title", "unit__name")
    list_select_related = ("unit__inspection",)
    autocomplete_fields = ("unit", "parent")
    list_per_page = 50


@admin.register(Measure)
class MeasureAdmin(NoDeleteAdmin):
    list_display = ("text", "unit_name", "status", "kind", "deadline", "lead_department", "person", "archived_at")
    list_filter = ("status", "kind", "finding__unit__inspection")
    search_fields = ("text", "finding__unit__name")
    list_select_related = ("finding__unit", "lead_department")
    autocomplete_fields = ("finding", "lead_department", "departments", "updated_by")
    list_per_page = 50
    # The default count of every row matching the filters is a scan of 240,000 rows on each page.
    show_full_result_count = False

    @admin.display(description="单位", ordering="finding__unit__name")
    def unit_name(self, obj: Measure) -> str:
        return obj.finding.unit.name


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
