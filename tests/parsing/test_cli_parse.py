"""``zhenggai parse`` as a user meets it: outline, JSON, summary, CSV, and clear errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import docx
import jsonschema
import pytest

from zhenggai.cli import main

from . import samples
from .test_corpus import SCHEMA_PATH


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text(samples.STANDARD, encoding="gb18030")
    (tmp_path / "b.txt").write_text(samples.STANDARD + samples.SECOND, encoding="utf-8")
    d = docx.Document()
    for line in samples.STYLES.strip().split("\n"):
        d.add_paragraph(line)
    d.save(tmp_path / "c.docx")
    return tmp_path


def test_outline_in_chinese(folder, capsys):
    assert main(["parse", str(folder / "a.txt")]) == 0
    out = capsys.readouterr().out
    assert "《中共青禾县文旅局党组关于县委巡察整改进展情况的通报》" in out
    assert "巡察组：县委第二巡察组" in out
    assert "一、关于贯彻上级决策部署有落差方面" in out
    assert "（一）关于“文旅融合项目推进迟缓”问题【已完成】（措施 2 条）" in out


def test_json_object_per_report_and_array_for_compilations(folder, capsys):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert main(["parse", "--json", str(folder / "a.txt")]) == 0
    one = json.loads(capsys.readouterr().out)
    jsonschema.validate(one, schema)
    assert one["source"] == "a.txt"
    assert main(["parse", "--json", str(folder / "b.txt")]) == 0
    many = json.loads(capsys.readouterr().out)
    assert isinstance(many, list) and [r["source"] for r in many] == ["b.txt#1", "b.txt#2"]
    for r in many:
        jsonschema.validate(r, schema)


def test_summary_over_directory_with_csv(folder, tmp_path, capsys):
    out_csv = tmp_path / "out" / "summary.csv"
    out_csv.parent.mkdir()
    assert main(["parse", str(folder), "--summary", "--csv", str(out_csv)]) == 0
    table = capsys.readouterr().out
    assert "整改报告汇总（4 篇）" in table
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["文件"] for r in rows] == ["a.txt", "b.txt#1", "b.txt#2", "c.docx"]
    assert rows[0]["单位"] == "中共青禾县文旅局党组" and rows[0]["措施"] == "6"
    assert rows[3]["方面"] == "2"


def test_bad_files_give_one_line_each_and_others_still_parse(folder, capsys):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 20)
    code = main(["parse", str(folder), "--summary"])
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("错误")]
    assert len(errors) == 3
    assert any("empty.txt" in e and "文件为空" in e for e in errors)
    assert any("broken.docx" in e and "损坏" in e for e in errors)
    assert any("binary.md" in e for e in errors)
    assert "Traceback" not in captured.err
    assert "整改报告汇总（4 篇）" in captured.out  # the good files were still read


def test_real_command_exits_nonzero_without_traceback(tmp_path):
    missing = tmp_path / "missing.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "zhenggai.cli", "parse", str(missing)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "missing.txt" in proc.stderr and "不存在" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unreadable_entries_in_a_directory(folder, capsys):
    (folder / "gone.txt").symlink_to(folder / "deleted-long-ago.txt")  # dangling link: cannot be read
    assert main(["parse", str(folder), "--summary"]) == 1
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("错误")]
    assert len(errors) == 1 and "gone.txt" in errors[0]
    assert "整改报告汇总（4 篇）" in captured.out


def test_empty_directory(tmp_path, capsys):
    assert main(["parse", str(tmp_path), "--summary"]) == 1
    assert "没有 .txt/.md/.docx 文件" in capsys.readouterr().err


def test_outline_shows_kind_confidence_doubts_and_plan_tasks(tmp_path, capsys):
    from .own_documents import DOCS

    (tmp_path / "slogan.txt").write_text(DOCS["slogan_part"]["text"], encoding="utf-8")
    (tmp_path / "plan.txt").write_text(DOCS["plan_text"]["text"], encoding="utf-8")
    (tmp_path / "feedback.txt").write_text(DOCS["feedback"]["text"], encoding="utf-8")
    assert main(["parse", str(tmp_path / "slogan.txt")]) == 0
    out = capsys.readouterr().out
    assert "文件种类：整改情况通报（报告）" in out and "解析把握：85%" in out
    assert "存疑之处（请核对）" in out and "⚠ 反馈问题部分按内容认定：“直面短板弱项，全力攻坚克难”" in out
    assert main(["parse", str(tmp_path / "plan.txt")]) == 0
    out = capsys.readouterr().out
    assert "文件种类：整改方案（任务分解）" in out
    assert "· 一是开展集体资产清产核资；（责任领导 镇党委副书记；责任单位 镇农业农村办；时限 2024年6月底前）" in out
    assert main(["parse", str(tmp_path / "feedback.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document_kind"] == "feedback" and len(data["suggestions"]) == 2
    assert data["findings"][0]["children"][0]["description"].startswith("部分路段长期缺乏养护")
