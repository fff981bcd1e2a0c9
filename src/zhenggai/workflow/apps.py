from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "zhenggai.workflow"
    label = "workflow"
    verbose_name = "整改流程"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
