"""Drafts, issuing and the immutability of issued versions."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import docx
import pytest

from zhenggai.ledger.models import LedgerError, Measure


@pytest.fixture
def draft(ledger):
    from zhenggai.reports import services

    return services.draft_for(ledger.unit, "progress")


def test_draft_is_created_once_per_unit_and_kind(ledger, draft):
    from zhenggai.reports import services

    assert services.draft_for(ledger.unit, "progress").pk == draft.pk
    assert services.draft_for(ledger.unit, "final").pk != draft.pk
    with pytest.raises(LedgerError):
        services.draft_for(ledger.unit, "nonsense")


def test_save_draft_saves_changed_fields_with_history(draft, people):
    from zhenggai.reports import services

    assert services.save_draft(draft, people.office, phone="0000-1111111", basic="") == ["phone"]
    assert services.save_draft(draft, people.office, phone="0000-1111111") == []
    draft.refresh_from_db()
    assert draft.phone == "0000-1111111" and draft.updated_by == people.office
    latest = draft.history.latest()
    assert latest.history_change_reason == "reports.draft.edit" and latest.history_user == people.office
    with pytest.raises(LedgerError):
        services.save_draft(draft, people.office, unit=None)


def test_issue_freezes_versions_and_figures_follow_the_ledger(ledger, draft, people):
    from zhenggai.ledger import services as ledger_services
    from zhenggai.reports import services

    v1 = services.issue(draft, people.office)
    assert v1.version == 1 and v1.issued_by == people.office
    assert v1.sha256 == hashlib.sha256(bytes(v1.docx)).hexdigest() and v1.intact()
    assert "已完成整改0个" in v1.text and v1.figures["problems"] == 3
    text_v1, docx_v1 = v1.text, bytes(v1.docx)
    assert docx.Document(io.BytesIO(docx_v1)).paragraphs[0].text == v1.title

    for m in ledger.measures:
        ledger_services.update_measure(m, people.office, status=Measure.Status.COMPLETED)
    services.save_draft(draft, people.office, next_steps="（一）继续巩固整改成果。")
    assert "已完成整改3个" in services.build(draft).text  # the draft follows the ledger at once
    v2 = services.issue(draft, people.office)
    assert v2.version == 2 and "已完成整改3个" in v2.text and "继续巩固整改成果" in v2.text

    v1.refresh_from_db()
    assert v1.text == text_v1 and bytes(v1.docx) == docx_v1  # issued versions never change
    assert draft.history.filter(history_change_reason="reports.report.issue:v2").exists()


def test_issued_report_refuses_changes_and_deletion(draft, people):
    from zhenggai.reports import services
    from zhenggai.reports.models import IssuedReport

    issued = services.issue(draft, people.office)
    issued.text = "改过的"
    with pytest.raises(LedgerError):
        issued.save()
    with pytest.raises(LedgerError):
        issued.delete()
    with pytest.raises(LedgerError):
        IssuedReport.objects.filter(pk=issued.pk).update(text="x")
    with pytest.raises(LedgerError):
        IssuedReport.objects.filter(pk=issued.pk).delete()
    assert IssuedReport.objects.get(pk=issued.pk).text != "改过的"


def test_dispatch_report(ledger, people):
    from zhenggai.ledger import services as ledger_services
    from zhenggai.reports import services

    d = services.draft_for(ledger.unit, "dispatch")
    today = dt.date.today()
    services.save_draft(d, people.office, period_start=today - dt.timedelta(days=7), as_of=today)
    ledger_services.update_measure(ledger.measures[0], people.office, status=Measure.Status.COMPLETED)
    text = services.build(d).text
    assert "调度报告" in text.splitlines()[0]
    assert "二、本期完成情况" in text and ledger.measures[0].text in text
    assert "三、逾期未完成事项" in text and ledger.measures[2].text in text and "逾期10天" in text
    assert "四、未按时报送进展情况" in text and "五、预警提示" in text
    with pytest.raises(LedgerError):
        services.save_draft(d, people.office, period_start=today + dt.timedelta(days=1))


def test_tables_as_docx_and_xlsx(ledger):
    import openpyxl

    from zhenggai.reports import services

    d = docx.Document(io.BytesIO(services.tables_docx_bytes(ledger.unit)))
    assert len(d.tables) == 3
    assert d.tables[0].rows[0].cells[0].text == "序号"
    assert any("防汛物资储备台账不清" in c.text for c in d.tables[0].columns[2].cells)
    wb = openpyxl.load_workbook(io.BytesIO(services.tables_xlsx_bytes(ledger.unit)))
    assert len(wb.sheetnames) == 3


def test_a_past_date_reports_the_ledger_as_it_stood_then(ledger, people):
    """Figures as of a date come from the measures' history, not from today's statuses."""
    from django.db.models import F
    from django.utils import timezone

    from zhenggai.ledger import services as ledger_services
    from zhenggai.ledger.models import Finding
    from zhenggai.reports.compose import compose_public
    from zhenggai.reports.data import report_data

    ten_days = dt.timedelta(days=10)
    Measure.history.all().update(history_date=F("history_date") - ten_days)  # built ten days ago
    Finding.history.all().update(history_date=F("history_date") - ten_days)
    for m in ledger.measures:
        ledger_services.update_measure(m, people.office, status=Measure.Status.COMPLETED)
    today = timezone.localdate()
    then = compose_public(report_data(ledger.unit, today - dt.timedelta(days=5)))
    now = compose_public(report_data(ledger.unit, today))
    assert then.figures.completed == 0 and now.figures.completed == 3
    assert then.figures.measures == now.figures.measures == 5
    before_import = compose_public(report_data(ledger.unit, today - dt.timedelta(days=20)))
    assert before_import.figures.problems == 0
