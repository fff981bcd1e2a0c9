from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Accountability, Meeting, MoneyRecord, RuleRecord

for model in (Accountability, MoneyRecord, RuleRecord, Meeting):
    admin.site.register(model, SimpleHistoryAdmin)
