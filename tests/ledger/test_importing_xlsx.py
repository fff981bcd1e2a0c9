"""Excel 任务分解表 import: loose headers, merged cells, row errors, all or nothing."""

import datetime as dt
import io

import openpyxl
import pytest

from zhenggai.ledger import importing_xlsx, lists, services
from zhenggai.ledger.importing_xlsx import XlsxImportError, header_key
from zhenggai.ledger.models import Finding, LedgerError, Measure


def workbook(rows, merges=(), title=None) -> io.BytesIO:
    """A task table as an office would make it: optional title row, header, data, merges."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.fixture
def unit(db):
    rnd = services.round_named("测试轮次")
    return services.unit_named(rnd, "中共测试县文旅局党组")


HEADER = ["序号", "存在问题", "整改措施", "责任领导", "牵头单位", "配合部门", "具体责任人", "完成时限（年月日）", "整改状态"]


def test_header_recognition_is_loose():
    assert header_key("存在问题") == "problem"
    assert header_key("具体问题") == "item"
    assert header_key("整改\n措施") == "measure"
    assert header_key("完成时限（年月日）") == "deadline"
    assert header_key("牵头单位") == "lead_department"
    assert header_key("配合部门") == "departments"
    assert header_key("备注") is None


def test_import_with_title_row_merged_problem_cells_and_heading_rows(unit):
    rows = [
        HEADER,
        ["一、政治建设方面", None, None, None, None, None, None, None, None],
        [1, "学习制度执行不严", "修订学习制度", "张三", "办公室", "人事科、财务科", "王五", "2025年6月底", "已完成"],
        [None, None, "建立学习台账", "张三", "办公室", None, "王五", dt.datetime(2025, 9, 30), "正在整改"],
        [2, "文物保护巡查不到位", "制定巡查计划", "李四", "文物科", None, "赵六", "长期坚持", ""],
    ]
    # title row shifts everything down one: the aspect heading row is row 3, merged across
    data = workbook(rows, merges=["A3:I3", "B4:B5", "A4:A5"], title="中共测试县文旅局党组巡察整改任务分解表")
    result = importing_xlsx.import_xlsx(unit, data)
    assert (result.findings, result.measures) == (3, 3)
    aspect = Finding.objects.get(unit=unit, level=Finding.Level.ASPECT)
    assert aspect.title == "一、政治建设方面"
    problem = Finding.objects.get(unit=unit, title="学习制度执行不严")
    assert problem.parent == aspect
    m1, m2 = problem.measures.order_by("position")
    assert m1.deadline == dt.date(2025, 6, 30) and m1.status == Measure.Status.COMPLETED
    assert m1.lead_department.name == "办公室"
    assert sorted(d.name for d in m1.departments.all()) == ["人事科", "财务科"]
    assert m2.deadline == dt.date(2025, 9, 30) and m2.status == Measure.Status.IN_PROGRESS
    m3 = Measure.objects.get(text="制定巡查计划")
    assert m3.kind == Measure.Kind.LONG_TERM and m3.deadline is None


def test_every_bad_row_is_reported_and_nothing_imported(unit):
    rows = [
        HEADER,
        [1, "问题甲", "措施一", "张三", "办公室", None, "王五", "2025-13-01", "已完成"],
        [2, "问题乙", "措施二", "张三", "办公室", None, "王五", "2025-06-30", "快好了"],
        [3, "问题丙", None, "张三", "办公室", None, "王五", "2025-06-30", None],
        [4, "问题丁", "措施四", "张三", "办公室", None, "王五", "2025-06-30", None],
    ]
    with pytest.raises(XlsxImportError) as e:
        importing_xlsx.import_xlsx(unit, workbook(rows))
    errors = e.value.errors
    assert [err.split("：")[0] for err in errors] == ["第 2 行", "第 3 行", "第 4 行"]
    assert "日期" in errors[0] and "整改状态" in errors[1] and "整改措施" in errors[2]
    assert not Finding.objects.filter(unit=unit).exists()
    assert not Measure.objects.filter(finding__unit=unit).exists()


def test_missing_header_and_broken_file_have_clear_messages(unit):
    with pytest.raises(LedgerError, match="表头"):
        importing_xlsx.import_xlsx(unit, workbook([["甲", "乙"], ["1", "2"]]))
    with pytest.raises(LedgerError, match="无法打开"):
        importing_xlsx.import_xlsx(unit, io.BytesIO(b"PK\x03\x04 not really a zip"))
    with pytest.raises(LedgerError, match="无法打开"):
        importing_xlsx.import_xlsx(unit, io.BytesIO("序号,问题\n".encode("gbk")))
    assert not Finding.objects.filter(unit=unit).exists()


def test_reimporting_the_same_sheet_changes_nothing_and_archives_nothing(unit):
    rows = [HEADER, [1, "问题甲", "措施一", "张三", "办公室", None, "王五", "2025-06-30", None]]
    importing_xlsx.import_xlsx(unit, workbook(rows))
    first = Measure.objects.get(finding__unit=unit)
    result = importing_xlsx.import_xlsx(unit, workbook(rows))
    assert (result.findings, result.measures) == (0, 0)
    assert list(Measure.objects.filter(finding__unit=unit)) == [first]  # matched by text: no copy, nothing archived
    assert Measure.objects.get().archived_at is None


def test_two_row_header_and_specific_problems(unit):
    rows = [
        ["序号", "问题", "具体问题", "整改措施", "责任主体", None, None, "完成时限"],
        [None, None, None, None, "责任领导", "牵头部门", "责任人", None],
        [1, "问题甲", "表现一", "措施一", "张三", "办公室", "王五", "2025-06-30"],
        [None, None, "表现二", "措施二", "张三", "办公室", "王五", "2025-07-31"],
    ]
    importing_xlsx.import_xlsx(unit, workbook(rows, merges=["E1:G1", "A1:A2", "B1:B2", "C1:C2", "D1:D2", "H1:H2"]))
    problem = Finding.objects.get(unit=unit, level=Finding.Level.PROBLEM)
    items = list(problem.children.order_by("sort_key"))
    assert [i.title for i in items] == ["表现一", "表现二"]
    assert items[1].measures.get().leader == "张三"
    assert items[1].measures.get().lead_department.name == "办公室"


def test_export_then_import_gives_the_same_ledger(ledger):
    from zhenggai.ledger import exporting, lists

    # a problem without measures must survive too
    services.add_finding(ledger.unit, Finding.Level.PROBLEM, "尚未制定措施的问题", parent=ledger.aspects[1])
    services.update_measure(ledger.measures[2], None, departments=[ledger.finance, ledger.office],
                            target="=不是公式", progress="已复查 12 个项目\n其余本月完成")
    data = exporting.xlsx_bytes(ledger.unit)
    copy = services.unit_named(ledger.round, "副本单位")
    importing_xlsx.import_xlsx(copy, io.BytesIO(data))
    # the same ledger, but the other unit's measures have keys (编号, the last column) of their own
    assert [r[:-1] for r in lists.ledger_table(copy).rows] == [r[:-1] for r in lists.ledger_table(ledger.unit).rows]
    assert Finding.objects.active().filter(unit=copy).count() == Finding.objects.active().filter(unit=ledger.unit).count()


def test_notes_under_the_table_are_not_aspects(unit):
    rows = [
        HEADER,
        ["一、政治建设方面"] * 9,
        [1, "问题甲", "措施一", "张三", "办公室", None, "王五", "2025-06-30", None],
        ["注：完成时限以整改方案为准"] * 9,
        ["填报单位（盖章）", None, None, None, "填报人：王五", None, None, "日期：", None],
    ]
    with pytest.raises(XlsxImportError) as e:
        importing_xlsx.import_xlsx(unit, workbook(rows))
    assert [err.split("：")[0] for err in e.value.errors] == ["第 5 行"]  # the signature row is not a measure
    rows.pop()
    importing_xlsx.import_xlsx(unit, workbook(rows))
    assert list(Finding.objects.filter(unit=unit, level=Finding.Level.ASPECT).values_list("title", flat=True)) == ["一、政治建设方面"]
