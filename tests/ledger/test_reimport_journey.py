"""Re-import is a merge: the closing record of every measure survives export → edit → import.

The journey a clerk takes: measures are closed (with evidence, approvals and a
look-back) or made long-term through the workflow; the ledger is exported,
one cell is edited and 已完成 is typed into another row's status; the sheet is
imported again through the web page, previewed and confirmed.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhenggai.ledger import importing_doc, merging
from zhenggai.ledger.models import ImportJob, Measure
from zhenggai.parsing import Finding as ParsedFinding
from zhenggai.parsing import Report
from zhenggai.workflow import services as flow
from zhenggai.workflow.models import Approval, CloseRequest, Comment, Evidence, Lookback, RequestState
from zhenggai.workflow.states import State

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pdf():
    from zhenggai.workflow import evidence

    return lambda name="佐证.pdf": evidence.check(name, [PDF], 20 * 1024 * 1024)


def _record(m: Measure) -> dict:
    """Everything the workflow holds about a measure, to compare before and after."""
    return {
        "requests": list(CloseRequest.objects.filter(measure=m).order_by("id").values_list("id", "state", "summary")),
        "approvals": list(Approval.objects.filter(request__measure=m).order_by("id").values_list("id", "decision", "snapshot")),
        "evidence": list(Evidence.objects.filter(measure=m).order_by("id").values_list("id", "sha256")),
        "lookbacks": list(Lookback.objects.filter(measure=m).order_by("id").values_list("id", "state", "due_on", "found")),
        "history": m.history.count(),
    }


def _edit(xlsx: bytes, edits: dict[tuple[str, str], str]) -> bytes:
    """Set cells by (measure text, column header) as a clerk does in Excel."""
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    ws = wb["整改台账"]
    header = [c.value for c in ws[2]]
    col_text = header.index("整改措施") + 1
    for (text, column), value in edits.items():
        row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, col_text).value == text)
        ws.cell(row, header.index(column) + 1).value = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_reimport_keeps_the_closing_record_and_turns_statuses_into_requests(ledger, people, login, pdf, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    m1, m2, m3, m4, m5 = ledger.measures
    office, reporter = people.office, people.reporter
    # m5 closed through the workflow: evidence, approval, scheduled and recorded look-backs
    flow.request_close(m5, reporter, "款项已全部追回", [pdf("追回凭证.pdf")])
    assert flow.approve(m5, office, "同意销号") == State.CLOSED
    flow.record_lookback(m5, office, "未发现反弹", rebound=False)
    # m1 made long-term with a review date
    review = dt.date.today() + dt.timedelta(days=120)
    flow.mark_long_term(m1, office, review, "需长期坚持")
    # m3 has reported progress with evidence, so a close request may be made for it
    flow.report_progress(m3, reporter, "已复查 12 个项目", files=[pdf("复查记录.pdf")])
    for m in ledger.measures:
        m.refresh_from_db()
    before = {m.pk: _record(m) for m in ledger.measures}
    ids_before = set(Measure.objects.filter(finding__unit=ledger.unit).values_list("pk", flat=True))

    c = login(office)
    exported = c.get(reverse("ledger:export_xlsx", args=[ledger.unit.id]))
    assert exported.status_code == 200
    sheet = _edit(b"".join(exported.streaming_content) if exported.streaming else exported.content, {
        (m3.text, "责任人"): "赵六",        # the one edited cell
        (m3.text, "整改状态"): "已完成",     # typed in: must become a close request
        (m4.text, "整改状态"): "正在整改",   # would reopen a closed measure: only a note
    })
    r = c.post(reverse("ledger:import", args=[ledger.unit.id]), {"file": SimpleUploadedFile("台账.xlsx", sheet)}, follow=True)
    body = r.content.decode()
    assert r.status_code == 200 and "修改的措施（2）" in body and "责任人：李二 → <strong>赵六</strong>" in body
    assert "表格中没有的原有措施（0）" in body
    job = ImportJob.objects.get(pk=r.resolver_match.kwargs["job_id"])
    assert c.post(reverse("ledger:import_apply", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert (job.result["updated"], job.result["requests"], job.result["prompts"], job.result["archived"]) == (1, 1, 1, 0)

    for m in ledger.measures:
        m.refresh_from_db()
    # the same measures, none archived, none recreated
    assert set(Measure.objects.filter(finding__unit=ledger.unit).values_list("pk", flat=True)) == ids_before
    assert not Measure.objects.filter(finding__unit=ledger.unit, archived_at__isnull=False).exists()
    # the closed measure keeps its close request, approvals, evidence and look-backs
    assert m5.status == Measure.Status.COMPLETED and flow.state_of(m5) == State.CLOSED
    assert _record(m5) == before[m5.pk]
    assert before[m5.pk]["approvals"] and before[m5.pk]["evidence"] and len(before[m5.pk]["lookbacks"]) == 2
    # the long-term measure keeps its review date
    assert m1.status == Measure.Status.LONG_TERM and m1.review_date == review
    # the edited cell is applied
    assert m3.person == "赵六"
    # 已完成 in the sheet is a close request waiting for review, not a closed measure
    assert m3.status == Measure.Status.IN_PROGRESS and flow.state_of(m3) == State.PENDING_OFFICE
    req = CloseRequest.objects.get(measure=m3, state=RequestState.PENDING)
    assert req.requested_by == office and "导入" in req.summary
    # 正在整改 typed for a closed measure reopens nothing: a note on its 办理 page asks the office
    assert m4.status == Measure.Status.COMPLETED
    assert "重新打开" in Comment.objects.get(measure=m4).text
    # the old pages still answer
    for m in (m1, m3, m5):
        assert c.get(reverse("workflow:measure", args=[m.pk])).status_code == 200
    # and re-importing the same sheet again changes nothing more
    again = c.post(reverse("ledger:import", args=[ledger.unit.id]), {"file": SimpleUploadedFile("台账.xlsx", sheet)}, follow=True)
    assert "修改的措施（1）" in again.content.decode()  # only m4's status note is offered again; m3 is in review


def test_an_archived_measure_opens_marked_and_links_its_successor(ledger, people, login):
    m5 = ledger.measures[4]
    report = Report(organization=ledger.unit.name, findings=[
        ParsedFinding(title="财经纪律方面", children=[
            ParsedFinding(title="差旅费报销审核不细", measures=["修订差旅费管理办法", "对违规报销款项全部予以追回并通报"]),
        ]),
    ])
    plan = merging.plan_import(ledger.unit, importing_doc.source_from_report(report, "修订稿.docx"))
    # a re-worded measure is matched by similarity, not taken for a new one
    changed = [r for r in plan["rows"] if r["op"] == "changed"]
    assert [r["measure"] for r in changed] == [m5.pk]
    assert changed[0]["changes"][0][0] == "整改措施"
    # the measures of the other problems are missing from this document: offered, not archived
    assert {m["measure"] for m in plan["missing"]} == {m.pk for m in ledger.measures[:3]}
    merging.apply_import(ledger.unit, plan, people.office)
    assert Measure.objects.active().filter(finding__unit=ledger.unit).count() == 5
    m5.refresh_from_db()
    assert m5.text == "对违规报销款项全部予以追回并通报"

    # a document whose new measure replaces an old one: the clerk ticks the old one for archiving
    report.findings[0].children[0].measures = ["修订差旅费管理办法", "对违规报销款项全部予以追回并通报", "建立报销审核复核制度"]
    report.findings.insert(0, ParsedFinding(title="落实上级决策部署方面", children=[
        ParsedFinding(title="防汛物资储备台账不清", measures=["全面盘点防汛物资并建立电子台账", "由专人负责物资储备抽查"]),
    ]))
    plan = merging.plan_import(ledger.unit, importing_doc.source_from_report(report, "第二稿.docx"))
    m1, m2 = ledger.measures[:2]
    dropped = {m["measure"]: m for m in plan["missing"]}
    assert set(dropped) == {ledger.measures[2].pk, m2.pk}  # m3's problem is not in this document either
    successor_row = plan["rows"][dropped[m2.pk]["successor"]]
    assert successor_row["op"] == "new" and successor_row["text"] == "由专人负责物资储备抽查"
    done = merging.apply_import(ledger.unit, plan, people.office, archive=[m2.pk])
    assert done.archived == 1 and done.created == 2
    m2.refresh_from_db()
    assert m2.archived_at is not None and m2.successor.text == "由专人负责物资储备抽查"
    assert Measure.objects.get(pk=ledger.measures[2].pk).archived_at is None  # not ticked: kept
    c = login(people.office)
    page = c.get(reverse("workflow:measure", args=[m2.pk])).content.decode()
    assert "已归档" in page and reverse("workflow:measure", args=[m2.successor_id]) in page
    assert "<summary>报送进展</summary>" not in page and "<summary>申请销号</summary>" not in page  # read, not worked on
    with pytest.raises(flow.WorkflowError):
        flow.report_progress(m2, people.office, "归档后仍报送")


def test_only_ticked_missing_measures_can_be_archived(ledger, people):
    report = Report(findings=[ParsedFinding(title="差旅费报销审核不细", measures=["修订差旅费管理办法"])])
    plan = merging.plan_import(ledger.unit, importing_doc.source_from_report(report))
    with pytest.raises(merging.LedgerError, match="只能归档"):
        merging.apply_import(ledger.unit, plan, people.office, archive=[ledger.other_measure.pk])
    assert Measure.objects.active().filter(pk=ledger.other_measure.pk).exists()


def test_a_field_changed_after_the_preview_is_not_overwritten(ledger, people):
    from zhenggai.ledger import importing_xlsx, services

    m1 = ledger.measures[0]
    rows = [["问题", "整改措施", "责任人"], ["防汛物资储备台账不清", m1.text, "赵六"]]
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    plan = merging.plan_import(ledger.unit, importing_xlsx.source_from_rows(importing_xlsx.load_rows(io.BytesIO(buf.getvalue()))))
    assert [r["changes"] for r in plan["rows"] if r["op"] == "changed"] == [[["责任人", "孙一", "赵六"]]]
    services.update_measure(m1, people.office, person="钱七")  # someone saves in between
    done = merging.apply_import(ledger.unit, plan, people.office)
    m1.refresh_from_db()
    assert m1.person == "钱七" and done.updated == 0
    assert any("预览之后已被修改" in n for n in done.notes)


def test_an_old_edit_link_to_an_archived_measure_leads_to_its_record(ledger, people, login):
    from zhenggai.ledger import services

    m = ledger.measures[4]
    services.archive_measure(m, people.office)
    r = login(people.office).get(reverse("ledger:measure_edit", args=[m.pk]), follow=True)
    assert r.status_code == 200 and "已归档" in r.content.decode()
    assert r.redirect_chain[-1][0] == reverse("workflow:measure", args=[m.pk])
    assert login(people.outsider).get(reverse("ledger:measure_edit", args=[m.pk])).status_code == 404
