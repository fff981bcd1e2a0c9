"""Input hygiene: text cleaned when saved, formulas neutralised in every export, escaped HTML, any size.

Each test would fail on the code before zhenggai.hygiene: control characters
were stored and then broke the .xlsx/.docx writers, warnings.csv wrote live
formulas, the HTML title was not escaped and cn_number(1000) raised IndexError.
"""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from zhenggai import hygiene
from zhenggai.ledger.models import Measure
from zhenggai.ledger.versions import token_for
from tests.pages import version_on

HX = {"HTTP_HX_REQUEST": "true"}
# What a paste from another system may carry: SOH, a vertical tab, a noncharacter, DEL, a C1 control.
DIRTY = "检查\x01台账\x0b\ufffe完成\x7f情况\x85"
CLEAN = "检查台账完成情况"
PAYLOADS = ['=HYPERLINK("http://evil.example","点我")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


# --- the cleaning function -----------------------------------------------------------


def test_clean_text_removes_controls_and_noncharacters_keeps_tabs_newlines_and_nfc():
    assert hygiene.clean_text(DIRTY) == CLEAN
    assert hygiene.clean_text("第一行\r\n第二行\r第三行\t尾") == "第一行\n第二行\n第三行\t尾"
    assert hygiene.clean_text("e\u0301") == "\u00e9"  # NFC
    assert hygiene.clean_text("a\U0001fffeb\U0010ffffc\ufdd0d") == "abcd"
    assert hygiene.clean_text("普通文字 plain text 123") == "普通文字 plain text 123"
    for ch in map(chr, range(0x20)):
        assert hygiene.clean_text(f"a{ch}b") == (f"a{ch}b" if ch in "\t\n" else "a\nb" if ch == "\r" else "ab")


def test_every_text_field_of_every_app_is_cleaned_on_save(ledger):
    from zhenggai.ledger import services
    from zhenggai.outcomes.models import RuleRecord
    from zhenggai.reports.models import ReportDraft
    from zhenggai.workflow.models import Comment

    m = ledger.measures[0]
    m.text, m.leader, m.progress = DIRTY, DIRTY, DIRTY
    m.save()
    m.refresh_from_db()
    assert (m.text, m.leader, m.progress) == (CLEAN, CLEAN, CLEAN)
    assert m.history.first().text == CLEAN  # the historical record too
    dept = services.department_named(ledger.unit, "综合\x01\ufffe科")
    assert dept.name == "综合科"
    draft = ReportDraft.objects.create(unit=ledger.unit, kind="progress", basic=DIRTY, phone="0\x0b1")
    draft.refresh_from_db()
    assert (draft.basic, draft.phone) == (CLEAN, "01")
    rule = RuleRecord.objects.create(unit=ledger.unit, name=DIRTY, action="created", date="2025-01-01")
    rule.refresh_from_db()
    assert rule.name == CLEAN
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    author = get_user_model().objects.create_user("author")
    c = Comment.objects.create(measure=m, author=author, created_at=timezone.now(), text=DIRTY)
    c.refresh_from_db()
    assert c.text == CLEAN


def test_every_model_of_every_zhenggai_app_is_covered():
    from django.apps import apps

    ours = [m for m in apps.get_models() if m.__module__.startswith("zhenggai.")]
    labels = {m._meta.app_label for m in ours}
    assert {"ledger", "workflow", "outcomes", "reports", "supervision"} <= labels
    assert all(hygiene.covers(m) for m in ours)
    assert not any(hygiene.covers(m) for m in apps.get_models() if m._meta.app_label in ("auth", "sessions"))


@pytest.mark.django_db(transaction=True)
def test_migration_cleans_rows_stored_before():
    """Rows written before the cleaning existed (made dirty with update(), which skips pre_save) are
    cleaned by the migration; clean rows are not rewritten (no new history)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("ledger", "0008_merge_reimport_and_indexes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    reports_leaf = [n for n in executor.loader.graph.leaf_nodes() if n[0] == "reports"]
    old = executor.loader.project_state(before + reports_leaf).apps
    Round, Unit, Finding, OldMeasure = (old.get_model("ledger", n) for n in ("InspectionRound", "Unit", "Finding", "Measure"))
    Draft = old.get_model("reports", "ReportDraft")
    rnd = Round.objects.create(name="旧轮次", inspector="某市委")
    unit = Unit.objects.create(inspection=rnd, name="旧单位")
    finding = Finding.objects.create(unit=unit, level="problem", title="旧问题")
    dirty = OldMeasure.objects.create(finding=finding, text="旧措施")
    clean = OldMeasure.objects.create(finding=finding, text="干净的措施")
    draft = Draft.objects.create(unit=unit, kind="progress", as_of="2025-06-30")
    OldMeasure.objects.filter(pk=dirty.pk).update(text=DIRTY, person="孙\x01一")
    Finding.objects.filter(pk=finding.pk).update(title="旧\ufffe问题")
    Unit.objects.filter(pk=unit.pk).update(name="旧\x0b单位")
    Draft.objects.filter(pk=draft.pk).update(basic=DIRTY)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = MigrationExecutor(connection).loader.project_state().apps
    NewMeasure, NewFinding, NewUnit = (new.get_model("ledger", n) for n in ("Measure", "Finding", "Unit"))
    got = NewMeasure.objects.get(pk=dirty.pk)
    assert (got.text, got.person) == (CLEAN, "孙一")
    assert NewMeasure.objects.get(pk=clean.pk).text == "干净的措施"
    assert NewFinding.objects.get(pk=finding.pk).title == "旧问题"
    assert NewUnit.objects.get(pk=unit.pk).name == "旧单位"
    assert new.get_model("reports", "ReportDraft").objects.get(pk=draft.pk).basic == CLEAN


# --- control characters typed into forms, then every export and 印发 ----------------


def _inline(m, **over):
    data = {"text": m.text, "leader": m.leader, "lead_department": m.lead_department_id or "", "person": m.person,
            "deadline": m.deadline.isoformat() if m.deadline else "", "kind": m.kind, "status": m.status,
            "progress": m.progress, "version": token_for(m)}
    data.update(over)
    return data


def _exports_work(c, unit):
    """The ledger .xlsx, every list as .xlsx and CSV, the report .docx/.txt/.html and 印发 all succeed."""
    r = c.get(reverse("ledger:export_xlsx", args=[unit.id]))
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    texts = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert texts and not any(not hygiene.is_clean(t) for t in texts)
    for which in ("ledger", "problems", "tasks", "responsibilities"):
        for fmt in ("xlsx", "csv"):
            assert c.get(reverse("ledger:export_list", args=[unit.id, which, fmt])).status_code == 200
    for kind in ("progress", "final"):
        for fmt in ("docx", "txt", "html"):
            r = c.get(reverse("reports:draft_download", args=[unit.id, kind, fmt]))
            assert r.status_code == 200, (kind, fmt)
        page, action = reverse("reports:draft", args=[unit.id, kind]), reverse("reports:issue", args=[unit.id, kind])
        assert c.post(action, {"version": version_on(c, page, action)}).status_code == 302
    from zhenggai.reports.models import IssuedReport

    assert IssuedReport.objects.filter(unit=unit).count() == 2
    return texts


def test_control_characters_in_the_inline_and_full_measure_forms(login, ledger, people):
    m, m2 = ledger.measures[0], ledger.measures[4]
    c = login(people.office)
    r = c.post(reverse("ledger:measure_edit", args=[m.id]), _inline(m, text=DIRTY, person="孙\x0b一"), **HX)
    assert r.status_code == 200
    r = c.post(reverse("ledger:measure_edit", args=[m2.id]), _inline(m2, text="追回" + DIRTY, target=DIRTY))
    assert r.status_code == 302
    r = c.post(reverse("ledger:measure_add", args=[ledger.problems[1].id]), _inline(m2, text="新增" + DIRTY, status="not_started"))
    assert r.status_code == 302
    m.refresh_from_db()
    m2.refresh_from_db()
    assert (m.text, m.person, m2.text, m2.target) == (CLEAN, "孙一", "追回" + CLEAN, CLEAN)
    assert Measure.objects.filter(text="新增" + CLEAN).exists()
    texts = _exports_work(c, ledger.unit)
    assert CLEAN in texts and "追回" + CLEAN in texts


def test_control_characters_in_progress_comment_narrative_and_outcome_forms(login, ledger, people):
    from zhenggai.outcomes.models import RuleRecord
    from zhenggai.reports.models import ReportDraft
    from zhenggai.workflow.models import Comment, ProgressReport

    m = ledger.measures[3 - 1]  # 财务科 works on m3: the reporter may report on it
    reporter = login(people.reporter)
    r = reporter.post(reverse("workflow:act", args=[m.id, "report"]), {"text": "进展" + DIRTY, "percent": "50"})
    assert r.status_code in (200, 302)
    assert ProgressReport.objects.get(measure=m).text == "进展" + CLEAN
    c = login(people.office)
    c.post(reverse("workflow:act", args=[m.id, "comment"]), {"text": "意见" + DIRTY})
    assert Comment.objects.get(measure=m).text == "意见" + CLEAN
    r = c.post(reverse("reports:draft", args=[ledger.unit.id, "progress"]),
               {"as_of": "2025-06-30", "basic": "基本情况" + DIRTY, "next_steps": DIRTY, "phone": "0000\x0b2222",
                "address": "", "postcode": "", "email": "",
                "version": version_on(c, reverse("reports:draft", args=[ledger.unit.id, "progress"]))})
    assert r.status_code == 302
    draft = ReportDraft.objects.get(unit=ledger.unit, kind="progress")
    assert (draft.basic, draft.phone) == ("基本情况" + CLEAN, "00002222")
    r = c.post(reverse("outcomes:add", args=[ledger.unit.id, "rule"]),
               {"name": "制度" + DIRTY, "action": "created", "document_number": "\x01文号", "date": "2025-03-01", "note": DIRTY})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert RuleRecord.objects.get().name == "制度" + CLEAN
    _exports_work(c, ledger.unit)
    from zhenggai.reports.models import IssuedReport

    final = IssuedReport.objects.get(unit=ledger.unit, kind="final")
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(bytes(final.docx))).paragraphs)
    assert "\x01" not in body and "\ufffe" not in body


# --- formulas are neutralised in every export -------------------------------------------


@pytest.fixture
def formulas(ledger):
    """Formula payloads in every text column the exports write (measures m1..m5, their problems, a department)."""
    from zhenggai.ledger.models import Department

    for m, payload in zip(ledger.measures, PAYLOADS):
        Measure.objects.filter(pk=m.pk).update(text=payload, leader=PAYLOADS[-1], person="@人")
    ledger.problems[1].title = PAYLOADS[0]
    ledger.problems[1].save()
    Department.objects.filter(pk=ledger.works.pk).update(name="=部门")
    return ledger


def _live(value) -> bool:
    return isinstance(value, str) and hygiene.formula_like(value)


def test_ledger_csv_exports_neutralise_every_formula(login, formulas, people):
    c = login(people.office)
    seen = 0
    for which in ("ledger", "problems", "tasks", "responsibilities"):
        r = c.get(reverse("ledger:export_list", args=[formulas.unit.id, which, "csv"]))
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        cells = [v for row in rows for v in row]
        assert not any(_live(v) for v in cells), which
        seen += sum(v.startswith("'=") or v.startswith("'+") or v.startswith("'@") for v in cells)
    assert seen >= 5


def _xlsx_cells(content: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("target", ["ledger", "list", "reports"])
def test_xlsx_exports_keep_formulas_as_text(login, formulas, people, target):
    c = login(people.office)
    u = formulas.unit.id
    url = {"ledger": reverse("ledger:export_xlsx", args=[u]),
           "list": reverse("ledger:export_list", args=[u, "tasks", "xlsx"]),
           "reports": reverse("reports:tables", args=[u, "xlsx"])}[target]
    r = c.get(url)
    assert r.status_code == 200
    cells = _xlsx_cells(r.content)
    risky = [cell for cell in cells if _live(cell.value)]
    assert risky, "the payloads are exported"
    for cell in risky:
        assert cell.data_type == "s", (cell.coordinate, cell.value)  # a text cell, never evaluated on opening
    assert not any(cell.data_type == "f" for cell in cells)


def test_warnings_csv_neutralises_every_formula(login, formulas, people):
    c = login(people.office)
    r = c.get(reverse("supervision:warnings_csv", args=[formulas.unit.id]) + "?level=red")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    cells = [v for row in rows[1:] for v in row]
    assert len(rows) > 1 and not any(_live(v) for v in cells)
    assert "'" + PAYLOADS[0] in cells  # the problem title of m3 (overdue)
    assert "'" + PAYLOADS[2] in cells and "'=部门" in cells and "'@人" in cells


def test_parse_summary_csv_neutralises_formulas(tmp_path):
    from zhenggai.cli.parse import SUMMARY_COLUMNS, write_csv

    row = {k: "=1+1" for k, _ in SUMMARY_COLUMNS}
    out = tmp_path / "s.csv"
    write_csv([row], str(out), [])
    cells = list(csv.reader(out.open(encoding="utf-8-sig")))[1]
    assert cells and all(v == "'=1+1" for v in cells)


# --- HTML downloads escape every value -------------------------------------------------


def test_html_downloads_escape_the_unit_name(login, ledger, people):
    from zhenggai.reports import services

    name = '<script>alert("x")</script>局'
    ledger.unit.name = name
    ledger.unit.save()
    ledger.problems[0].title = "<img src=x onerror=alert(1)>问题"
    ledger.problems[0].save()
    c = login(people.office)
    draft = c.get(reverse("reports:draft_download", args=[ledger.unit.id, "progress", "html"])).content.decode()
    issued = services.issue(services.draft_for(ledger.unit, "progress"), None)
    final = c.get(reverse("reports:issued_download", args=[issued.id, "html"])).content.decode()
    for body in (draft, final):
        assert "<script>" not in body and "<img" not in body
        assert "&lt;script&gt;" in body.split("</title>")[0]


# --- helpers handle any size ---------------------------------------------------------------


def test_chinese_numbers_of_any_size():
    from zhenggai.cli.outline_text import _number
    from zhenggai.numerals import cn_number

    expected = {1: "一", 10: "十", 15: "十五", 20: "二十", 105: "一百零五", 110: "一百一十", 999: "九百九十九",
                1000: "一千", 1001: "一千零一", 1010: "一千零一十", 1100: "一千一百", 10000: "一万", 10500: "一万零五百",
                100000: "十万", 123456: "十二万三千四百五十六"}
    assert {n: cn_number(n) for n in expected} == expected
    assert len({cn_number(n) for n in range(1, 3001)}) == 3000
    assert [_number(0, n) for n in (9, 100, 120, 1000)] == ["九、", "一百、", "一百二十、", "一千、"]  # the parser's outline


def test_a_problem_with_1000_measures_renders_every_format(login, ledger, people):
    problem = ledger.problems[0]  # already holds m1 and m2
    Measure.objects.bulk_create([Measure(finding=problem, text=f"第{i}项措施", position=10 + i) for i in range(1, 1001)])
    c = login(people.office)
    for kind in ("progress", "final"):
        for fmt in ("docx", "txt", "html"):
            r = c.get(reverse("reports:draft_download", args=[ledger.unit.id, kind, fmt]))
            assert r.status_code == 200, (kind, fmt)
            body = r.content if fmt == "docx" else r.content.decode()
            if fmt == "docx":
                body = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
            assert "一千零二是第1000项措施" in body and "一百是第98项措施" in body, (kind, fmt)


def test_control_characters_through_closing_extension_and_handover(login, ledger, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenggai.workflow.models import CloseRequest, Extension, Handover

    m = ledger.measures[4]  # 财务科 leads it
    reporter, office = login(people.reporter), None
    pdf = SimpleUploadedFile("佐证\x01.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    r = reporter.post(reverse("workflow:act", args=[m.id, "extension"]), {"new_deadline": "2031-01-31", "reason": "理由" + DIRTY})
    assert r.status_code in (200, 302)
    assert Extension.objects.get(measure=m).reason == "理由" + CLEAN
    r = reporter.post(reverse("workflow:act", args=[m.id, "close"]), {"summary": "已完成" + DIRTY, "files": pdf})
    assert r.status_code in (200, 302)
    assert CloseRequest.objects.get(measure=m).summary == "已完成" + CLEAN
    office = login(people.office)
    r = office.post(reverse("workflow:act", args=[m.id, "approve"]), {"reason": "同意" + DIRTY})
    assert r.status_code in (200, 302)
    r = office.post(reverse("workflow:handover", args=[ledger.unit.id]),
                    {"field": "person", "predecessor": "孙一", "successor": "赵\x0b四", "reason": DIRTY})
    assert r.status_code in (200, 302), r.content.decode()[-3000:]
    assert Handover.objects.filter(successor="赵四").exists()
    m.refresh_from_db()
    assert m.status == Measure.Status.COMPLETED
    _exports_work(office, ledger.unit)


def test_control_characters_in_an_imported_sheet_are_cleaned(login, ledger, people):
    """XML 1.0 (so .xlsx) can carry DEL, C1 controls and noncharacters such as U+FDD0: cleaned on import."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenggai.ledger.models import Finding, Membership, Role

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["问题", "整改措施", "责任人"])
    ws.append(["新的问题\x7f甲", "新的措施\x85乙\ufdd0", "王\x9f五"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    read = next(iter(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)))
    assert read == ("新的问题\x7f甲", "新的措施\x85乙\ufdd0", "王\x9f五")  # what the import is given
    unit = ledger.other_unit
    Membership.objects.create(user=people.office, unit=unit, role=Role.OFFICE)
    c = login(people.office)
    r = c.post(reverse("ledger:import", args=[unit.id]), {"file": SimpleUploadedFile("表.xlsx", data)}, follow=True)
    assert r.status_code == 200, r.content.decode()[-2000:]  # the preview (the reading task ran at once)
    r = c.post(reverse("ledger:import_apply", args=[r.resolver_match.kwargs["job_id"]]))
    assert r.status_code == 302, r.content.decode()[-2000:]
    m = Measure.objects.get(finding__unit=unit, text__startswith="新的措施", archived_at__isnull=True)
    assert (m.text, m.person) == ("新的措施乙", "王五")
    assert Finding.objects.filter(unit=unit, title="新的问题甲").exists()
    assert c.get(reverse("ledger:export_xlsx", args=[unit.id])).status_code == 200
    assert c.get(reverse("reports:draft_download", args=[unit.id, "progress", "docx"])).status_code == 200


# --- properties of the cleaning ------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60))
def test_cleaned_text_is_stable_and_always_fits_word_and_excel(text):
    from docx import Document
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cleaned = hygiene.clean_text(text)
    assert hygiene.clean_text(cleaned) == cleaned  # idempotent
    assert not ILLEGAL_CHARACTERS_RE.search(cleaned)
    assert not any(0xD800 <= ord(c) <= 0xDFFF or (ord(c) & 0xFFFE) == 0xFFFE for c in cleaned)
    Document().add_paragraph(cleaned)  # python-docx refuses what XML cannot hold
    import unicodedata

    ordinary = "".join(c for c in text if (c.isprintable() or c in "\n\t") and unicodedata.category(c) not in ("Cs", "Cn", "Co"))
    assert hygiene.clean_text(ordinary) == unicodedata.normalize("NFC", ordinary)  # ordinary text only normalised
