"""Admin for outcomes: picked by autocomplete (a <select> would list every unit and finding of a province)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Accountability, Meeting, MoneyRecord, RuleRecord


class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "unit", "date", "archived_at")
    list_select_related = ("unit__inspection",)
    autocomplete_fields = ("unit", "findings", "created_by")
    list_per_page = 50


for model in (Accountability, MoneyRecord, RuleRecord, Meeting):
    admin.site.register(model, OutcomeAdmin)
