"""``zhenggai check`` and ``zhenggai analyze`` as a user meets them."""

from __future__ import annotations

import json

import pytest

from zhenggai.cli import main

# A fictional report, written for these tests: one completed item of plans only, one pasted measure,
# and totals that disagree with the items.
REPORT = """中共青禾县林业局党组关于县委巡察整改情况的通报
根据县委统一部署，县委第三巡察组对县林业局党组开展了常规巡察。现将整改情况予以公布。
一、整改工作基本情况
对照反馈的1个方面3个问题，已完成整改3个。
二、巡察反馈问题整改落实情况
（一）关于落实管党治党责任有差距方面
1.关于“护林员补助发放不及时”问题
整改情况：一是对全县护林员花名册逐人核对，按季度把补助打入个人账户，由财务股每月对账一次并将结果在局务会上通报。二是6月已补发拖欠补助。已完成整改。
2.关于“林区防火巡查记录不全”问题
整改情况：一是下一步将修订防火巡查办法。二是拟于冬季前组织一次防火演练。已完成整改。
3.关于“<b>木材</b>运输检查走过场”问题
整改情况：一是对全县护林员花名册逐人核对，按季度把补助打入个人账户，由财务股每月对账一次并将结果在局务会上通报。二是在检查站增设夜间值守1人。已完成整改。
三、下一步工作打算
持续巩固整改成果。
"""


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "林业局.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_json_shape(report, capsys):
    assert main(["check", "--json", str(report)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["reports"] and len(data["reports"]) == 1
    r = data["reports"][0]
    assert set(r) == {"source", "score", "flags"} and r["source"] == str(report)
    assert isinstance(r["score"], int) and 0 <= r["score"] < 100
    for f in r["flags"]:
        assert set(f) == {"rule", "finding", "measure", "message"}
    rules = {(f["rule"], f["finding"], f["measure"]) for f in r["flags"]}
    assert ("intent_as_done", "关于“林区防火巡查记录不全”问题", None) in rules
    assert ("copy_paste", "关于“<b>木材</b>运输检查走过场”问题", 0) in rules
    assert not any(f["rule"] == "copy_paste" and f["finding"].startswith("关于“护林员") for f in r["flags"])


def test_human_output_in_chinese_grouped_by_finding(report, capsys):
    assert main(["check", str(report)]) == 0
    out = capsys.readouterr().out
    assert "质量得分" in out and "以计划代替完成" in out and "复制粘贴" in out and "中共青禾县林业局党组" in out
    assert out.index("林区防火巡查记录不全") < out.index("[以计划代替完成]")
    assert "第1条措施" in out


def test_bad_files_one_line_each_and_status_1(report, tmp_path, capsys):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "没有.txt"
    assert main(["check", "--json", str(empty), str(report), str(missing)]) == 1
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["reports"]) == 1  # the good file is still checked
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 2 and all(line.startswith("错误") for line in lines)
    assert "空.txt" in lines[0] and "没有.txt" in lines[1]


def test_analyze_writes_one_escaped_self_contained_page(report, tmp_path, capsys):
    other = tmp_path / "水利局.txt"
    other.write_text(REPORT.replace("林业局", "水利局").replace("<b>木材</b>", "砂石"), encoding="utf-8")
    out = tmp_path / "分析.html"
    assert main(["analyze", str(tmp_path), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "<b>木材</b>" not in page and "&lt;b&gt;木材&lt;/b&gt;" in page
    assert "<script" not in page and "<link" not in page and 'src="http' not in page and "@import" not in page
    assert "共性问题" in page and "护林员补助发放不及时" in page and "整改质量体检" in page
    assert "以计划代替完成" in page


def test_analyze_uses_corrections_and_refuses_a_bad_one(report, tmp_path, capsys):
    fixes = tmp_path / "更正.csv"
    fixes.write_text("关于“林区防火巡查记录不全”问题,意识形态\n", encoding="utf-8")
    out = tmp_path / "a.html"
    assert main(["analyze", str(report), "-o", str(out), "--corrections", str(fixes)]) == 0
    assert "人工更正" in out.read_text(encoding="utf-8")
    fixes.write_text("关于“林区防火巡查记录不全”问题,没有这一类\n", encoding="utf-8")
    out2 = tmp_path / "b.html"
    assert main(["analyze", str(report), "-o", str(out2), "--corrections", str(fixes)]) == 1
    assert "没有这一类" in capsys.readouterr().err and not out2.exists()


def test_a_clean_report_says_so(tmp_path, capsys):
    clean = tmp_path / "好.txt"
    clean.write_text(
        "中共青禾县档案局党组关于巡察整改情况的通报\n一、巡察反馈问题整改落实情况\n（一）关于档案管理方面\n"
        "1.关于“档案借阅登记不全”问题\n整改情况：一是3月补登借阅记录46条。二是4月印发《档案借阅规定》。\n",
        encoding="utf-8",
    )
    assert main(["check", str(clean)]) == 0
    out = capsys.readouterr().out
    assert "质量得分 100 分" in out and "未发现问题" in out


def test_analyze_refuses_a_broken_taxonomy(report, tmp_path, capsys):
    bad = tmp_path / "分类表.json"
    bad.write_text('{"classes": [{"name": "缺少代码"}]}', encoding="utf-8")
    out = tmp_path / "c.html"
    assert main(["analyze", str(report), "-o", str(out), "--taxonomy", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "分类表格式不对" in err and not out.exists()


def test_many_files_are_checked_in_parallel_in_order(tmp_path, capsys):
    from zhenggai.cli.check import PARALLEL_FROM

    names = [f"r{k:02d}.txt" for k in range(PARALLEL_FROM + 2)]
    for name in names:
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    (tmp_path / "r05.txt").write_bytes(b"")
    assert main(["check", "--json", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    sources = [r["source"] for r in json.loads(captured.out)["reports"]]
    assert sources == [str(tmp_path / n) for n in names if n != "r05.txt"]
    assert "r05.txt" in captured.err
