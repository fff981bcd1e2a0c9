"""`zhenggai import`: the same merge service as the web page — preview first, --apply to write."""

import io

import openpyxl

from zhenggai.ledger import exporting
from zhenggai.ledger.models import Measure
from zhenggai.workflow.models import CloseRequest

from .test_demo_and_cli import run


def test_cli_previews_then_applies_the_merge(ledger, people, tmp_path, capsys):
    wb = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit)))
    ws = wb["整改台账"]
    header = [c.value for c in ws[2]]
    text_col = header.index("整改措施") + 1
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, text_col).value == "全面盘点防汛物资并建立电子台账")
    ws.cell(row, header.index("责任人") + 1).value = "赵六"
    ws.cell(row, header.index("整改状态") + 1).value = "已完成"
    ws.delete_rows(ws.max_row)  # the last measure is no longer in the sheet
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    args = ("import", str(path), "--round", ledger.round.name, "--unit", ledger.unit.name)

    assert run(*args) == 0
    out = capsys.readouterr().out
    assert "修改 1 条" in out and "责任人：孙一 → 赵六" in out and "表格状态“已完成”转为审核申请" in out
    assert "表格中没有（默认保留）" in out and "台账未作任何修改" in out
    assert Measure.objects.get(pk=ledger.measures[0].pk).person == "孙一"

    assert run(*args, "--apply", "--user", "office") == 0
    m1 = Measure.objects.get(pk=ledger.measures[0].pk)
    assert m1.person == "赵六" and m1.status == Measure.Status.NOT_STARTED  # no evidence yet: a note, not a request
    assert not CloseRequest.objects.filter(measure=m1).exists()
    assert "申请销号须附佐证材料" in m1.comments.get().text
    assert Measure.objects.get(pk=ledger.measures[4].pk).archived_at is None  # kept unless asked

    assert run(*args, "--apply", "--archive-missing") == 0
    assert Measure.objects.get(pk=ledger.measures[4].pk).archived_at is not None
    assert run(*args, "--apply", "--user", "no-such-login") == 2


def test_serve_starts_the_task_worker_and_stops_it(settings, monkeypatch):
    import subprocess
    import sys

    from zhenggai.cli import web

    assert web.start_task_worker() is None  # tests run tasks at once: no worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    started = []
    real = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda argv: started.append(argv) or real([sys.executable, "-c", "import time; time.sleep(60)"]))
    worker = web.start_task_worker()
    assert started[0][1:] == ["-m", "zhenggai", "manage", "db_worker", "--interval", "1"]
    assert worker.poll() is None
    web.stop_task_worker(worker)
    assert worker.poll() is not None  # stopped with the server
