from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhenggai.reports"
    verbose_name = "整改报告"
    default_auto_field = "django.db.models.BigAutoField"
