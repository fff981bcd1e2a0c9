"""批量修改 and the ledger page's count, levels and printable view."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhenggai.ledger import bulk, history, services
from zhenggai.ledger.models import LedgerError, Measure


def test_service_changes_many_with_one_history_entry_each(ledger, named):
    ms = ledger.measures
    n = bulk.bulk_update_measures(named.office, ms, {"lead_department": ledger.works, "person": "冯建国",
                                                      "departments": [ledger.finance, ledger.office]})
    assert n == 5
    for m in ms:
        m.refresh_from_db()
        assert m.lead_department == ledger.works and m.person == "冯建国"
        assert set(m.departments.all()) == {ledger.finance, ledger.office}
    entries = [e for e in history.entries([ms[0].finding_id], [ms[0].pk]) if e.code == bulk.CODE]
    assert len(entries) == 1 and entries[0].action == "批量修改"
    labels = {label for label, _, _ in entries[0].changes}
    assert {"牵头部门", "责任人", "责任部门"} <= labels
    assert bulk.bulk_update_measures(named.office, ms, {"person": "冯建国"}) == 0  # nothing left to change


@pytest.mark.parametrize("who", ["reporter", "supervisor", "leader"])
def test_only_the_office(ledger, named, who):
    with pytest.raises(PermissionDenied):
        bulk.bulk_update_measures(getattr(named, who), ledger.measures, {"person": "某人"})
    assert not Measure.objects.filter(person="某人").exists()


def test_bad_changes_change_nothing(ledger, named):
    foreign = services.department_named(ledger.other_unit, "外单位科")
    with pytest.raises(LedgerError):
        bulk.bulk_update_measures(named.office, ledger.measures, {"lead_department": foreign})
    with pytest.raises(LedgerError):
        bulk.bulk_update_measures(named.office, [*ledger.measures, ledger.other_measure], {"person": "某人"})
    with pytest.raises(LedgerError):
        bulk.bulk_update_measures(named.office, ledger.measures, {"status": "completed"})
    assert not Measure.objects.filter(person="某人").exists()


def test_preview_then_confirm_for_the_whole_filter(login, ledger, named):
    c = login(named.office)
    url = reverse("ledger:bulk", args=[ledger.unit.id])
    data = {"scope_all": "1", "department": str(ledger.finance.id), "deadline": "2027年6月底", "kind": ""}
    page = c.post(url, data).content.decode()
    # m3 (shared with 财务科), m4, m5: three rows of the filter, shown old → new.
    assert "3 条将被修改" in page and "2027-06-30" in page
    assert Measure.objects.filter(deadline=dt.date(2027, 6, 30)).count() == 0  # a preview changes nothing
    ids = [m.id for m in ledger.measures if m.lead_department == ledger.finance or ledger.finance in m.departments.all()]
    r = c.post(url, {"ids": ids, "deadline": "2027年6月底", "confirm": "1", "back_query": "q=x",
                     "version_list": _version_list(page)})
    assert r.status_code == 302 and r["Location"].endswith("?q=x")
    assert Measure.objects.filter(deadline=dt.date(2027, 6, 30)).count() == 3


def _version_list(page: str) -> str:
    found = re.search(r'name="version_list" value="([^"]*)"', page)
    assert found, "the preview carries the rows' versions"
    return found.group(1)


def test_confirm_without_the_previewed_versions_changes_nothing(login, ledger, named):
    c = login(named.office)
    url = reverse("ledger:bulk", args=[ledger.unit.id])
    ids = [m.id for m in ledger.measures[:2]]
    page = c.post(url, {"ids": ids, "person": "冯建国"}).content.decode()
    versions = _version_list(page)
    for bad in ({}, {"version_list": ""}, {"version_list": versions.split(",")[0]},  # one row's version missing
                {"version_list": ",".join(f"{i}:abc" for i in ids)}):
        r = c.post(url, {"ids": ids, "person": "冯建国", "confirm": "1", **bad})
        assert r.status_code == 400 and "没有带上页面打开时的版本号" in r.content.decode(), bad
    assert not Measure.objects.filter(person="冯建国").exists()


def test_confirm_after_someone_else_saved_a_row_is_refused(login, ledger, named):
    c = login(named.office)
    url = reverse("ledger:bulk", args=[ledger.unit.id])
    ids = [m.id for m in ledger.measures[:3]]
    page = c.post(url, {"ids": ids, "person": "冯建国"}).content.decode()
    # Between the preview and the confirmation a colleague gives the second row its own person.
    services.update_measure(Measure.objects.get(pk=ids[1]), named.office, person="李四")
    r = c.post(url, {"ids": ids, "person": "冯建国", "confirm": "1", "version_list": _version_list(page)})
    body = r.content.decode()
    assert r.status_code == 400 and "预览之后，有 1 条措施有了新的修改" in body and "责任人" in body
    assert not Measure.objects.filter(person="冯建国").exists()
    assert Measure.objects.get(pk=ids[1]).person == "李四"
    # Previewed again, the confirmation goes through.
    page = c.post(url, {"ids": ids, "person": "冯建国"}).content.decode()
    r = c.post(url, {"ids": ids, "person": "冯建国", "confirm": "1", "version_list": _version_list(page)})
    assert r.status_code == 302 and Measure.objects.filter(person="冯建国").count() == 3


def test_bulk_page_refuses_readers_and_outsiders(login, ledger, named):
    url = reverse("ledger:bulk", args=[ledger.unit.id])
    data = {"ids": [ledger.measures[0].id], "person": "某人", "confirm": "1"}
    assert login(named.supervisor).post(url, data).status_code == 403
    assert login(named.outsider).post(url, data).status_code == 404
    assert login(named.office).post(url, {"person": "某人", "confirm": "1"}).status_code == 400  # nothing ticked
    assert not Measure.objects.filter(person="某人").exists()


def test_ledger_page_counts_the_filter_and_shows_three_levels(login, ledger, named):
    c = login(named.office)
    url = reverse("ledger:ledger", args=[ledger.unit.id])
    page = c.get(url).content.decode()
    assert "共 <strong>5</strong> 条" in page and "方面 › 问题 › 具体问题" in page
    assert "落实上级决策部署方面" in page and "防汛物资储备台账不清" in page
    filtered = c.get(url, {"q": "差旅"}).content.decode()
    assert "筛选出 <strong>2</strong> 条 / 共 5 条" in filtered
    # Readers see no selection boxes; the office does.
    assert 'name="ids"' in page
    assert 'name="ids"' not in login(named.supervisor).get(url).content.decode()


def test_long_text_folds(login, ledger, named):
    long = "围绕物资采购、入库登记、领用审批和年度盘点四个环节逐项梳理制度漏洞，" * 4
    services.add_measure(ledger.problems[0], long, lead_department=ledger.office)
    page = login(named.office).get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    assert '<details class="fold">' in page and "展开全文" in page and long.strip() in page.replace("<br>", "")


def test_print_view_and_pdf(login, ledger, named):
    c = login(named.reporter)  # a reporter's printout holds their department's rows only
    page = c.get(reverse("ledger:print", args=[ledger.unit.id])).content.decode()
    assert "修订差旅费管理办法" in page and "全面盘点防汛物资" not in page
    ledger_page = c.get(reverse("ledger:ledger", args=[ledger.unit.id])).content.decode()
    assert ("下载 PDF" in ledger_page) == bool(shutil.which("soffice") or shutil.which("libreoffice"))


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice 未安装")
def test_pdf_download(login, ledger, named):
    r = login(named.office).get(reverse("ledger:export_pdf", args=[ledger.unit.id]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r["Content-Type"] == "application/pdf"


def test_the_pdf_gets_the_print_stylesheet_inside(login, ledger, named):
    from zhenggai.ledger import printable

    page = login(named.office).get(reverse("ledger:print", args=[ledger.unit.id])).content.decode()
    assert "<style" not in page and "print.css" in page  # browsers fetch it (content security policy)
    inside = printable._self_contained(page)
    assert "<style>" in inside and "@page" in inside and "print.css\">" not in inside
