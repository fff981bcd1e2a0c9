"""``zhenggai report``: .docx/.txt/.html from the ledger, and --issue."""

from __future__ import annotations

import argparse

import docx

from zhenggai.cli import report as cli_report
from zhenggai.parsing import parse_file


def run(*argv) -> int:
    parser = argparse.ArgumentParser()
    cli_report.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.func(args)


def test_report_command_writes_all_formats(ledger, tmp_path, capsys):
    out = tmp_path / "通报.docx"
    txt = tmp_path / "通报.txt"
    html = tmp_path / "通报.html"
    assert run("report", "--round", ledger.round.name, "--unit", ledger.unit.name, "--kind", "progress",
               "--docx", str(out), "--txt", str(txt), "--html", str(html)) == 0
    assert docx.Document(str(out)).paragraphs[0].text == f"{ledger.unit.name}关于巡察整改进展情况的通报"
    report = parse_file(txt)[0]
    assert report.statistics.problems == 3 and report.statistics.aspects == 2
    assert "<article" in html.read_text(encoding="utf-8")
    assert parse_file(out)[0].statistics.problems == 3


def test_report_command_issue_and_errors(ledger, tmp_path, capsys):
    from zhenggai.reports.models import IssuedReport

    assert run("report", "--round", ledger.round.name, "--unit", ledger.unit.name, "--kind", "final", "--issue") == 0
    assert IssuedReport.objects.get().kind == "final" and "已印发第1版" in capsys.readouterr().out
    assert run("report", "--round", "没有的轮次", "--docx", str(tmp_path / "x.docx")) == 2
    assert run("report", "--round", ledger.round.name, "--docx", str(tmp_path / "x.docx")) == 2  # two units
    assert "--unit" in capsys.readouterr().err
    assert run("report", "--round", ledger.round.name, "--unit", ledger.unit.name) == 2
    assert run("report", "--round", ledger.round.name, "--unit", ledger.unit.name, "--kind", "dispatch",
               "--since", "2025-01-01", "--txt", str(tmp_path / "d.txt")) == 0
    assert "调度报告" in (tmp_path / "d.txt").read_text(encoding="utf-8")


def test_registered_in_main_cli():
    from zhenggai.cli import build_parser

    assert "report" in build_parser()._subparsers._group_actions[0].choices
