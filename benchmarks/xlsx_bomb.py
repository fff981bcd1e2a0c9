"""Opening hostile and large spreadsheets: figures for xlsx_guard. Targets: a 3 GB zip bomb refused in
seconds with < 300 MB peak memory; a 19,000-row task table read no slower than before the guard.

    PYTHONPATH=src:. .venv/bin/python benchmarks/xlsx_bomb.py

Each hostile file is opened in a fresh process (its peak RSS is that process's ru_maxrss).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ZHENGGAI_DATA_DIR", tempfile.mkdtemp(prefix="zhenggai-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.web.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

import openpyxl

from tests.web.test_xlsx_guard import _probe, zip_bomb
from zhenggai.ledger import importing_xlsx


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="zhenggai-bomb-"))
    for label, data in (("3 GB zip bomb", zip_bomb(3)), ("bomb lying about its size (declares 20 MB, holds 256 MB)",
                                                          zip_bomb(0.25, declared=20 * 1024 * 1024))):
        path = tmp / "bomb.xlsx"
        path.write_bytes(data)
        found = _probe(path)
        print(f"{label}: {len(data) / 1e6:.1f} MB file, refused in {found['seconds']:.2f} s, "
              f"peak {found['peak_mb']:.0f} MB: {found['outcome']}")

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("任务分解表")
    ws.append(["问题", "整改措施", "责任领导", "牵头部门", "责任人", "完成时限", "整改状态", "整改进展"])
    for i in range(19000):
        ws.append([f"问题{i // 4}", f"措施内容第{i}项" * 6, "钱立", "办公室", "孙一", "2026-06-30", "正在整改", "进展" * 20])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    start = time.perf_counter()
    rows = importing_xlsx.load_rows(io.BytesIO(data))
    guarded = time.perf_counter() - start
    start = time.perf_counter()
    full = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    _ = [list(r) for r in full.active.iter_rows(values_only=True)]
    unguarded = time.perf_counter() - start
    print(f"19,000-row table ({len(data) / 1e6:.1f} MB): load_rows {guarded:.2f} s for {len(rows)} rows "
          f"(openpyxl's full, unguarded load alone: {unguarded:.2f} s)")


if __name__ == "__main__":
    main()
