"""Read-only admin views of workflow records: changes go through the services, never the admin."""

from django.contrib import admin

from . import models


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ("at", "action", "actor", "unit", "measure", "reason")
    list_filter = ("action",)
    list_select_related = ("actor", "unit__inspection", "measure")
    raw_id_fields = ("actor", "unit", "measure")
    show_full_result_count = False


@admin.register(models.Approval)
class ApprovalAdmin(ReadOnly):
    list_display = ("decided_at", "stage", "decision", "approver", "request")
    list_select_related = ("approver", "request")
    raw_id_fields = ("approver", "request")


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnly):
    list_display = ("uploaded_at", "name", "kind", "size", "sha256", "measure")
    list_select_related = ("measure",)
    raw_id_fields = ("measure", "report", "close_request", "uploaded_by")


class ByMeasure(ReadOnly):
    """Read-only lists over tables with millions of rows (2.9 million progress reports in a province):
    no full count, and foreign keys shown as ids instead of a <select> of every measure and user."""

    show_full_result_count = False

    def get_raw_id_fields(self, request):
        return tuple(f.name for f in self.model._meta.fields if f.is_relation)


for model in (models.CloseRequest, models.ProgressReport, models.Extension, models.Handover, models.Lookback, models.Comment):
    admin.site.register(model, ByMeasure)


@admin.register(models.WorkflowSettings)
class WorkflowSettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "cadence", "leader_approval", "acceptance", "extension_approver", "lookback_days")
    list_select_related = ("unit__inspection",)
    autocomplete_fields = ("unit",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
