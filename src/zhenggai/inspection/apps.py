from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "zhenggai.inspection"
    label = "inspection"
    verbose_name = "巡视巡察组与轮次事项"
