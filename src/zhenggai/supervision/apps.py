from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhenggai.supervision"
    verbose_name = "督办预警"
    default_auto_field = "django.db.models.BigAutoField"
