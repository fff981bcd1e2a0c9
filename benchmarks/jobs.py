"""生成任务 over a round of many units: how long each whole-scope output takes as a background
job, and that other pages answer meanwhile.

Builds a round of UNITS units (benchmarks/oversight.py's data: 25 problems × 4 measures each),
then runs each job kind (看板 Excel, 成效评估 Word, 通报草稿打包, 共性问题分析) in a separate process
as the task worker does (`zhenggai serve` starts one), while another user opens a unit's supervision
page every 0.2 s; prints
each job's wall time and file size, and the p50/p95 of the other user's pages during the jobs.

    .venv/bin/python benchmarks/jobs.py [UNITS]          # default 100 units (10,000 measures)
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/jobs.py
"""

from __future__ import annotations

import os
import subprocess
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from oversight import build  # noqa: E402  (sets up Django with a throw-away data directory)


from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from zhenggai.ledger import jobs  # noqa: E402
from zhenggai.ledger.models import GeneratedJob, JobState  # noqa: E402

def _work(pk: int) -> None:
    """The job in a worker process of its own (its own interpreter and database connection)."""
    code = ("import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'zhenggai.web.settings'); django.setup(); "
            f"from zhenggai.ledger import jobs; jobs.run({pk})")
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())


KINDS = ("oversight.board_xlsx", "oversight.evaluation_docx", "oversight.reports_zip", "oversight.analysis")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rnd, units, user = build(n)
    other = Client()
    other.force_login(user)
    times: list[float] = []
    errors = [0]
    stop = threading.Event()

    def browse() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            if other.get(f"/oversight/units/{units[len(times) % len(units)].id}/").status_code != 200:
                errors[0] += 1
            times.append(time.perf_counter() - t)
            time.sleep(0.2)
        connection.close()

    browser = threading.Thread(target=browse)
    browser.start()
    try:
        for code in KINDS:
            job = GeneratedJob.objects.create(kind=code, title=jobs.KINDS[code].title, scope={"round": rnd.id},
                                              requested_by=user)
            t = time.perf_counter()
            _work(job.pk)
            job.refresh_from_db()
            size = (jobs.file_of(job).stat().st_size // 1024) if jobs.file_of(job) else 0
            state = "完成" if job.state == JobState.DONE else f"失败：{job.error}"
            print(f"{jobs.KINDS[code].title:<24} {time.perf_counter() - t:6.1f} s  {size:6d} KB  {state}  {job.stage}")
    finally:
        stop.set()
        browser.join()
    if times:
        q = statistics.quantiles(times, n=20) if len(times) >= 2 else times * 19
        print(f"同时另一人打开单位监督页 {len(times)} 次：p50 {statistics.median(times) * 1000:.0f} ms，"
              f"p95 {q[18] * 1000:.0f} ms，失败 {errors[0]} 次（{n} 个单位、{n * 100} 条措施）")


if __name__ == "__main__":
    main()
