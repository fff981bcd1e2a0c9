"""Admin: round-wide warning rules are set here (a unit's own rule has its page);
notifications and the reminder log are read-only records."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Notification, ReminderLog, WarningRule


@admin.register(WarningRule)
class WarningRuleAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "green_days", "yellow_days", "principal", "updated_at")
    list_select_related = ("unit__inspection", "inspection", "principal")
    autocomplete_fields = ("unit", "inspection", "principal")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ("title", "user", "unit", "level", "created_at", "read_at")
    list_filter = ("level",)
    list_select_related = ("user", "unit__inspection")
    raw_id_fields = ("user", "unit", "measure")
    show_full_result_count = False


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnly):
    list_display = ("measure", "level", "recipient", "deadline", "action", "sent_on", "emailed")
    list_filter = ("level", "emailed")
    list_select_related = ("measure", "recipient")
    raw_id_fields = ("measure", "recipient", "notification")
    show_full_result_count = False
