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


@admin.register(models.Approval)
class ApprovalAdmin(ReadOnly):
    list_display = ("decided_at", "stage", "decision", "approver", "request")


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnly):
    list_display = ("uploaded_at", "name", "kind", "size", "sha256", "measure")


for model in (models.CloseRequest, models.ProgressReport, models.Extension, models.Handover, models.Lookback, models.Comment):
    admin.site.register(model, ReadOnly)


@admin.register(models.WorkflowSettings)
class WorkflowSettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "cadence", "leader_approval", "acceptance", "extension_approver", "lookback_days")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
