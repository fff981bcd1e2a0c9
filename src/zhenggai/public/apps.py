from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "zhenggai.public"
    label = "public"
    verbose_name = "码上监督"
    default_auto_field = "django.db.models.BigAutoField"
