from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "zhenggai.oversight"
    label = "oversight"
    verbose_name = "整改监督（督办、回头看抽查、成效评估）"

    def ready(self) -> None:
        from . import common_analysis, jobs

        jobs.register()  # the dashboard's heavy outputs as 生成任务 (ledger/jobs.py)
        common_analysis.register()  # 共性问题分析 as a 生成任务 too
