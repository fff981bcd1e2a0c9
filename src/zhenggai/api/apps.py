from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zhenggai.api"
    label = "zhenggai_api"
    verbose_name = "数据接口"
    default_auto_field = "django.db.models.BigAutoField"
