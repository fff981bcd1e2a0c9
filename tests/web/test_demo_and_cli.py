"""The demo round and the import/export commands."""

import argparse

import openpyxl

from zhenggai.cli import web as cli_web
from zhenggai.ledger import access, demo
from zhenggai.ledger.models import Measure


def run(*argv) -> int:
    parser = argparse.ArgumentParser()
    cli_web.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.func(args)


def test_demo_round_has_the_promised_shape_and_reloads_cleanly(db):
    unit = demo.load_demo()
    ms = Measure.objects.active().filter(finding__unit=unit)
    assert ms.count() == 40
    assert set(ms.values_list("status", flat=True)) == set(Measure.Status.values)
    assert unit.findings.filter(level="problem").count() == 12
    assert ms.filter(deadline__isnull=False).count() > 30
    office = access.unit_for(unit.memberships.get(role="office").user, unit.id)
    assert office.can_write
    demo.load_demo()  # again: old rows archived, not duplicated in the ledger
    assert Measure.objects.active().filter(finding__unit=unit).count() == 40


def test_demo_login_works(client, db):
    demo.load_demo()
    assert client.login(username=demo.DEMO_USER, password=demo.DEMO_PASSWORD)
    assert "青禾县农业农村局" in client.get("/").content.decode()


def test_cli_import_then_export(db, tmp_path, synthetic_report_docx, capsys):
    assert run("import", str(synthetic_report_docx), "--round", "测试轮次", "--unit", "中共测试县林草局党组") == 0
    assert "条整改措施" in capsys.readouterr().out
    out = tmp_path / "台账.xlsx"
    assert run("export", "--round", "测试轮次", "--xlsx", str(out), "--all-lists") == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["整改台账", "问题清单", "任务清单", "责任清单"]
    assert wb["整改台账"].max_row >= 2 + 6
    # importing again only previews the merge (nothing new, nothing archived) until --apply
    capsys.readouterr()
    before = list(Measure.objects.order_by("id").values_list("id", "ref", "archived_at"))
    assert run("import", str(synthetic_report_docx), "--round", "测试轮次", "--unit", "中共测试县林草局党组") == 0
    out = capsys.readouterr().out
    assert "未变 6 条" in out and "--apply" in out
    assert run("import", str(synthetic_report_docx), "--round", "测试轮次", "--unit", "中共测试县林草局党组", "--apply") == 0
    assert list(Measure.objects.order_by("id").values_list("id", "ref", "archived_at")) == before


def test_cli_reports_xlsx_row_errors(db, tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active.append(["问题", "整改措施", "完成时限"])
    wb.active.append(["问题甲", "措施甲", "某天"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    assert run("import", str(path), "--round", "测试轮次", "--unit", "某单位") == 1
    assert "第 2 行" in capsys.readouterr().err
    assert not Measure.objects.exists()
    assert run("export", "--round", "没有的轮次", "--xlsx", str(tmp_path / "x.xlsx")) == 2


def test_export_to_an_unwritable_place_says_so_and_leaves_nothing(ledger, tmp_path, capsys):
    from zhenggai.cli import main

    target = tmp_path / "no-such-dir" / "台账.xlsx"
    code = main(["export", "--round", ledger.round.name, "--unit", ledger.unit.name, "--xlsx", str(target)])
    assert code == 1
    assert "无法写入文件" in capsys.readouterr().err
    assert not target.parent.exists()
