from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "zhenggai.oversight"
    label = "oversight"
    verbose_name = "整改监督（督办、回头看抽查、成效评估）"
