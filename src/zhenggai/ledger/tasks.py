"""Background tasks (django-tasks): the long parts of an import run outside the request.

`zhenggai serve` starts a database worker beside the web server; the test
settings run tasks at once in the same process.
"""

from __future__ import annotations

from django_tasks import task

from . import import_jobs


@task()
def plan_import_job(job_id: int) -> None:
    import_jobs.run_plan(job_id)


@task()
def apply_import_job(job_id: int, user_id: int | None, archive: list[int], confirm_organization: bool) -> None:
    import_jobs.run_apply(job_id, user_id, archive, confirm_organization)


@task()
def run_generated_job(job_id: int) -> None:
    """A 生成任务 (ledger/jobs.py): the dashboard over a body's rounds, evaluations, analyses."""
    from . import jobs

    jobs.run(job_id)
