"""Import checks: the document's organisation against the unit's; the group and contacts carried where they belong."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhenggai.ledger import importing_doc, merging, services
from zhenggai.ledger.models import LedgerError, Measure
from zhenggai.parsing import Contact, Inspection, Report
from zhenggai.parsing import Finding as ParsedFinding


def report(org: str) -> Report:
    return Report(
        organization=org,
        inspection=Inspection(kind="巡察", inspector="测试市委第二巡察组"),
        contact=Contact(phone=["0871-1234567"], email=["zhenggai@example.cn"], address="测试县人民路 1 号", postcode="650000"),
        findings=[ParsedFinding(title="一、学习贯彻方面", children=[
            ParsedFinding(title="理论学习流于形式", measures=["制定年度学习计划并按月检查"]),
        ])],
    )


def test_another_organisations_document_needs_confirming(ledger, people):
    plan = merging.plan_import(ledger.unit, importing_doc.source_from_report(report("中共测试县交通局党组")))
    assert plan["unit"]["organization_mismatch"]
    with pytest.raises(LedgerError, match="不一致"):
        merging.apply_import(ledger.unit, plan, people.office)
    assert not Measure.objects.filter(text="制定年度学习计划并按月检查").exists()
    merging.apply_import(ledger.unit, plan, people.office, confirm_organization=True)
    assert Measure.objects.filter(finding__unit=ledger.unit, text="制定年度学习计划并按月检查").exists()


@pytest.mark.parametrize("name", ["中共测试县水务局党组", "测试县水务局", "中国共产党测试县水务局党组"])
def test_the_same_organisation_written_another_way_is_not_a_mismatch(ledger, name):
    plan = merging.plan_import(ledger.unit, importing_doc.source_from_report(report(name)))
    assert not plan["unit"]["organization_mismatch"]


def test_group_goes_on_the_unit_and_contacts_into_the_report_drafts(ledger, people):
    from zhenggai.reports import services as reports
    from zhenggai.reports.models import ReportKind

    unit = services.unit_named(ledger.round, "中共测试县林草局党组")
    final = reports.draft_for(unit, ReportKind.FINAL)
    reports.save_draft(final, people.office, phone="0871-7654321")  # what the office wrote stays
    importing_doc.import_report(unit, report("中共测试县林草局党组"), user=people.office)
    unit.refresh_from_db()
    assert unit.group == "测试市委第二巡察组"
    assert unit.inspection_group.name == "测试市委第二巡察组" and unit.inspection_group.inspection == unit.inspection
    progress = reports.draft_for(unit, ReportKind.PROGRESS)
    assert (progress.phone, progress.email, progress.address, progress.postcode) == (
        "0871-1234567", "zhenggai@example.cn", "测试县人民路 1 号", "650000")
    final.refresh_from_db()
    assert final.phone == "0871-7654321" and final.email == "zhenggai@example.cn"
    # a unit that already has its group keeps it
    importing_doc.import_report(ledger.unit, report(ledger.unit.name), user=people.office)
    ledger.unit.refresh_from_db()
    assert ledger.unit.group == "测试市委第一巡察组"


def test_the_preview_page_warns_and_asks(login, ledger, people):
    c = login(people.office)
    text = "中共测试县交通局党组关于巡察整改进展情况的通报\n一、学习贯彻方面\n（一）理论学习流于形式\n一是制定年度学习计划并按月检查。\n"
    r = c.post(reverse("ledger:import", args=[ledger.unit.id]),
               {"file": SimpleUploadedFile("通报.txt", text.encode())}, follow=True)
    body = r.content.decode()
    job_id = r.resolver_match.kwargs["job_id"]
    assert "与本单位“中共测试县水务局党组”不一致" in body and 'name="confirm_organization"' in body
    r = c.post(reverse("ledger:import_apply", args=[job_id]), follow=True)
    assert "请核对后勾选" in r.content.decode()
    assert not Measure.objects.filter(text__contains="制定年度学习计划").exists()
    c.post(reverse("ledger:import_apply", args=[job_id]), {"confirm_organization": "on"})
    assert Measure.objects.filter(finding__unit=ledger.unit, text__contains="制定年度学习计划").exists()

