from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "zhenggai.outcomes"
    verbose_name = "整改成果"
    default_auto_field = "django.db.models.BigAutoField"
