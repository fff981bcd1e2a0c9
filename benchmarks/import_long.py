"""A 100,000-paragraph feedback document imported while someone else keeps saving.

Prints how long reading+comparing (the background task, no transaction) and
applying (one transaction) take, and what the other writer saw in each phase:
saves done, saves failed, slowest save. Reading must never block the writer;
applying is the only write transaction.

    .venv/bin/python benchmarks/import_long.py [PARAGRAPHS]
    .venv/bin/python tests/pg_server.py -- .venv/bin/python benchmarks/import_long.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time

os.environ.setdefault("ZHENGGAI_DATA_DIR", tempfile.mkdtemp(prefix="zhenggai-bench-"))
# The test settings: tasks run at once in this process (no worker), a file database in the data dir.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from zhenggai.ledger import import_jobs, services  # noqa: E402
from zhenggai.ledger.models import Finding, ImportJob, Measure, Membership, Role  # noqa: E402

CN = "一二三四五六七八九十"


def _texts(paragraphs: int) -> list[str]:
    """Aspects → numbered problems → measures one per paragraph, to the size asked."""
    out = ["中共基准县某某局党组关于巡察整改进展情况的通报",
           "根据统一部署，基准市委第一巡察组对基准县某某局党组进行了常规巡察，并反馈了意见。", "一、整改落实情况"]
    per_problem = 20
    p = 0
    while len(out) < paragraphs:
        if p % 100 == 0:
            out.append(f"（{CN[(p // 100) % 10]}）关于第{p // 100 + 1}组方面的问题")
        out.append(f"{p % 100 + 1}.关于编号{p}的问题：有关工作制度执行不到位的情况。")
        for k in range(per_problem):
            out.append(f"{CN[k % 10]}是针对编号{p}问题制定第{k}项措施，明确时限和责任人，按月调度推进落实。")
        p += 1
    return out[:paragraphs]


def document(paragraphs: int) -> bytes:
    """A .docx written directly (python-docx slows down with every paragraph added to a long body)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    import docx

    template = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("占位")
    d.save(template)
    body = "".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in _texts(paragraphs))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                head, rest = xml.split("<w:body>", 1)
                data = (head + "<w:body>" + body + rest[rest.index("<w:sectPr"):]).encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()


class Writer(threading.Thread):
    """Another office worker saving a measure every 0.2 s, on their own connection."""

    def __init__(self, measure_id: int, user):
        super().__init__(daemon=True)
        self.measure_id, self.user = measure_id, user
        self.phase = "idle"
        self.stats: dict[str, list] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            t, phase = time.perf_counter(), self.phase
            try:
                m = Measure.objects.get(pk=self.measure_id)
                services.update_measure(m, self.user, person=f"第{i}次保存")
                ok = True
            except Exception:  # noqa: BLE001 - counted, that is the point
                ok = False
            self.stats.setdefault(phase, []).append((ok, time.perf_counter() - t))
            time.sleep(0.2)
        connections.close_all()

    def line(self, phase: str) -> str:
        s = self.stats.get(phase, [])
        if not s:
            return f"{phase}: 无保存"
        failed = sum(1 for ok, _ in s if not ok)
        return f"{phase}: 他人保存 {len(s)} 次，失败 {failed} 次，最慢 {max(t for _, t in s) * 1000:.0f} ms"


def main() -> int:
    paragraphs = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", interactive=False, verbosity=0)
    user = get_user_model().objects.create_user("bench-office", password="x")
    rnd = services.round_named("基准轮次")
    unit = services.unit_named(rnd, "中共基准县某某局党组")
    Membership.objects.create(user=user, unit=unit, role=Role.OFFICE)
    other = services.unit_named(rnd, "中共基准县另一局党组")
    p = services.add_finding(other, Finding.Level.PROBLEM, "另一单位的问题")
    busy = services.add_measure(p, "另一单位的措施")

    t = time.perf_counter()
    data = document(paragraphs)
    print(f"文档 {paragraphs} 段，{len(data) / 1e6:.1f} MB，生成 {time.perf_counter() - t:.1f} s")
    writer = Writer(busy.pk, user)
    writer.start()
    writer.phase = "读取与比对"
    t = time.perf_counter()
    job = import_jobs.start(unit, SimpleUploadedFile("大文档.docx", data), user)
    plan_s = time.perf_counter() - t
    if job.state != ImportState_READY():
        print("未能生成预览:", job.errors[:3])
        writer.stop.set()
        return 1
    writer.phase = "写入台账"
    t = time.perf_counter()
    import_jobs.request_apply(job, user, [], True)
    apply_s = time.perf_counter() - t
    writer.phase = "之后"
    time.sleep(0.5)
    writer.stop.set()
    writer.join()
    job = ImportJob.objects.get(pk=job.pk)
    print(f"读取与比对（后台任务，无事务）: {plan_s:.1f} s；写入台账（每 500 行一个事务）: {apply_s:.1f} s；{job.stage}")
    print(f"措施 {Measure.objects.filter(finding__unit=unit).count()} 条，问题 {Finding.objects.filter(unit=unit).count()} 个")
    for phase in ("读取与比对", "写入台账", "之后"):
        print("  " + writer.line(phase))
    return 0


def ImportState_READY():  # noqa: N802 - read after django.setup()
    from zhenggai.ledger.models import ImportState

    return ImportState.READY


if __name__ == "__main__":
    sys.exit(main())
