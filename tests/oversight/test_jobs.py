"""生成任务 (ledger/jobs.py) as the office meets them: the dashboard's heavy outputs and the
共性问题分析 are requested, run in the background with a progress bar, and end in a file or a
result page that only the requester opens; errors end in one Chinese sentence. Then the
analysis: groups, the taxonomy, a correction that later runs reuse, and a group published
as a round's 共性问题 for exactly the chosen units."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from zhenggai.ledger import jobs
from zhenggai.ledger import services as ls
from zhenggai.ledger.models import Finding, GeneratedJob, Grant, JobState
from zhenggai.oversight import common_analysis
from zhenggai.oversight.models import CategoryCorrection


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def _login(client, user):
    client.force_login(user)
    return client


def _body(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


def _start(c, name: str, **data) -> GeneratedJob:
    resp = c.post(reverse(name), data)
    assert resp.status_code == 302, resp.status_code
    job = GeneratedJob.objects.get(pk=int(resp["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert resp["Location"] == reverse("ledger:job", args=[job.pk])
    return job


# ---- the journey: request → progress → download, the requester's only ------------------------

def test_board_xlsx_journey_and_who_may_open_it(city, client):
    c = _login(client, city.office)
    page = c.get(reverse("oversight:dashboard")).content.decode()
    assert f'action="{reverse("oversight:xlsx")}"' in page and 'method="post"' in page  # offered as a background job
    job = _start(c, "oversight:xlsx")
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.requested_by == city.office
    assert (job.done, job.total) == (4, 4)  # two steps per unit, both units of the round
    status = c.get(reverse("ledger:job", args=[job.pk])).content.decode()
    assert "已完成" in status and reverse("ledger:job_download", args=[job.pk]) in status
    resp = c.get(reverse("ledger:job_download", args=[job.pk]))
    assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(_body(resp)))
    assert sorted(r[1].value for r in wb["整改监督看板"].iter_rows(min_row=2)) == sorted([city.a1.name, city.a2.name])
    # The file lives under DATA_DIR/jobs with a random name, not the name the user sees.
    assert job.path in {p.name for p in jobs.jobs_dir().iterdir()} and "看板" not in job.path
    assert c.get(reverse("ledger:jobs")).content.decode().count(reverse("ledger:job", args=[job.pk])) == 1

    # Everyone else: 404, even those who read the same rounds, and for guessed ids.
    for who in ("jiwei", "zuzhibu", "upper", "group", "unit_office", "unit_reporter", "nobody", "expired"):
        other = _login(client, getattr(city, who))
        for name in ("ledger:job", "ledger:job_download"):
            assert other.get(reverse(name, args=[job.pk])).status_code == 404, (who, name)
        assert reverse("ledger:job", args=[job.pk]) not in other.get(reverse("ledger:jobs")).content.decode()
    c = _login(client, city.office)
    for guessed in (job.pk + 1, 999999):
        assert c.get(reverse("ledger:job_download", args=[guessed])).status_code == 404

    # The requester whose grant has ended may no longer open it.
    Grant.objects.filter(user=city.office).update(ends=dt.date.today() - dt.timedelta(days=1))
    assert c.get(reverse("ledger:job_download", args=[job.pk])).status_code == 403
    assert c.get(reverse("ledger:job", args=[job.pk])).status_code == 403


def test_the_status_page_shows_progress_while_the_task_runs(city, client, monkeypatch):
    """A kind whose run looks at its own status page half way: the bar and the count are there."""
    seen = {}
    c = _login(client, city.office)

    def run(job, user, progress):
        progress(3, 10, "已计算 3/10 个单位")
        seen["page"] = c.get(reverse("ledger:job", args=[job.pk])).content.decode()
        seen["poll"] = c.get(reverse("ledger:job", args=[job.pk]), {"poll": "1"}, HTTP_HX_REQUEST="true")
        return jobs.Output(b"done", "结果.xlsx", jobs.XLSX)

    monkeypatch.setitem(jobs.KINDS, "test.slow", jobs.Kind("测试任务", lambda u, s: True, run))
    job = jobs.start(city.office, "test.slow", {})
    assert '<progress max="100" value="30">' in seen["page"] and "3/10" in seen["page"]
    assert "已计算 3/10 个单位" in seen["page"] and "every 1s" in seen["page"]
    poll = seen["poll"].content.decode()
    assert seen["poll"].status_code == 200 and 'value="30"' in poll and "<html" not in poll
    # Once done, the poll sends the browser to the finished page.
    done = c.get(reverse("ledger:job", args=[job.pk]), {"poll": "1"}, HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == reverse("ledger:job", args=[job.pk])
    assert _body(c.get(reverse("ledger:job_download", args=[job.pk]))) == b"done"


def test_a_failing_task_ends_with_a_chinese_message(city, client, monkeypatch):
    from zhenggai.oversight import exports

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail that must not reach the page")

    monkeypatch.setattr(exports, "evaluation_docx", broken)
    c = _login(client, city.office)
    job = _start(c, "oversight:evaluation_docx")
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.path
    page = c.get(reverse("ledger:job", args=[job.pk])).content.decode()
    assert "生成时发生内部错误" in page and f"任务编号 {job.pk}" in page
    assert "RuntimeError" not in page and "Traceback" not in page and "internal detail" not in page
    assert c.get(reverse("ledger:job_download", args=[job.pk])).status_code == 404


def test_an_empty_scope_is_told_in_chinese(city, client):
    empty = ls.round_named("2026年第一轮巡察", body=city.city_office)
    c = _login(client, city.office)
    job = _start(c, "oversight:evaluation_xlsx", round=empty.id)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "所选范围内没有被巡视巡察的单位" in c.get(reverse("ledger:job", args=[job.pk])).content.decode()


@pytest.mark.parametrize("who, status", [("unit_office", 403), ("unit_reporter", 403), ("nobody", 404)])
def test_only_round_readers_may_request(city, client, who, status):
    c = _login(client, getattr(city, who))
    for name in ("oversight:xlsx", "oversight:evaluation_xlsx", "oversight:evaluation_docx", "oversight:reports_zip",
                 "oversight:analysis"):
        assert c.post(reverse(name)).status_code == status, name
    assert not GeneratedJob.objects.exists()


def test_a_guessed_scope_is_refused_and_nothing_queued(city, client):
    c = _login(client, city.office)
    assert c.post(reverse("oversight:xlsx"), {"round": city.rc.id}).status_code == 404
    assert c.post(reverse("oversight:analysis"), {"body": city.rc.body_id}).status_code == 404
    assert c.get(reverse("oversight:xlsx"), {"round": city.rc.id}).status_code == 404
    assert not GeneratedJob.objects.exists()


def test_every_output_over_the_scope(city, client):
    """The upper office reads lower bodies: its files hold every unit of the chosen body's rounds."""
    import docx

    c = _login(client, city.upper)
    ev = _start(c, "oversight:evaluation_xlsx", body=city.city_office.id)
    wb = openpyxl.load_workbook(io.BytesIO(_body(c.get(reverse("ledger:job_download", args=[ev.pk])))))
    assert {r[0].value for r in wb["成效评估"].iter_rows(min_row=2)} == {city.a1.name, city.a2.name}
    word = _start(c, "oversight:evaluation_docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(_body(c.get(reverse("ledger:job_download", args=[word.pk]))))).paragraphs)
    assert all(u.name in text for u in (city.a1, city.a2, city.b1, city.c1))
    bundle = _start(c, "oversight:reports_zip", round=city.ra.id)
    names = zipfile.ZipFile(io.BytesIO(_body(c.get(reverse("ledger:job_download", args=[bundle.pk]))))).namelist()
    assert sorted(names) == sorted(f"{city.ra.name}-{u.name}.docx" for u in (city.a1, city.a2))
    # A GET (an old link) only shows what will be made; nothing is queued by it.
    before = GeneratedJob.objects.count()
    page = c.get(reverse("oversight:evaluation_docx"), {"body": city.city_office.id})
    assert page.status_code == 200 and "开始生成" in page.content.decode() and city.city_office.name in page.content.decode()
    assert GeneratedJob.objects.count() == before


# ---- 共性问题分析 -------------------------------------------------------------------------------

CAR = ("公务用车使用管理不规范", "公务用车使用管理不够规范")


@pytest.fixture
def recurring(city):
    """The same kind of problem in both units of the city round, and once in the county round."""
    ps = [ls.add_finding(city.a1, Finding.Level.PROBLEM, CAR[0]), ls.add_finding(city.a2, Finding.Level.PROBLEM, CAR[1]),
          ls.add_finding(city.b1, Finding.Level.PROBLEM, CAR[0])]
    ls.add_finding(city.a1, Finding.Level.PROBLEM, "意识形态工作责任制落实不到位")
    return ps


def _analyse(c, **scope) -> GeneratedJob:
    job = _start(c, "oversight:analysis", **scope)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    return job


def _class_of(job: GeneratedJob, finding_id: int) -> list:
    ids = [p[0] for p in job.result["problems"]]
    return job.result["classes"][ids.index(finding_id)]


def test_analysis_groups_and_classifies_the_scope(city, recurring, client):
    c = _login(client, city.office)
    job = _analyse(c)
    ids = {p[0] for p in job.result["problems"]}
    assert recurring[0].id in ids and recurring[1].id in ids and recurring[2].id not in ids  # the county is not theirs
    car = [g for g in job.result["groups"] if recurring[0].id in g["members"]]
    assert len(car) == 1 and set(car[0]["members"]) == {recurring[0].id, recurring[1].id}
    assert car[0]["name"] in CAR and (car[0]["units"], car[0]["rounds"]) == (2, 1)
    # The finished job's page is the result page.
    resp = c.get(reverse("ledger:job", args=[job.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("oversight:analysis_result", args=[job.pk])
    page = c.get(resp["Location"]).content.decode()
    assert car[0]["name"] in page and "涉及 2 个单位、1 个轮次" in page
    assert "意识形态" in page and "关键词：" in page  # each problem's class and why
    # The upper office's analysis covers the county too, and groups across rounds.
    up = _analyse(_login(client, city.upper))
    g = next(g for g in up.result["groups"] if recurring[2].id in g["members"])
    assert g["rounds"] == 2 and g["units"] == 3
    # Another user's analysis: 404.
    assert _login(client, city.jiwei).get(reverse("oversight:analysis_result", args=[job.pk])).status_code == 404


def test_a_correction_is_kept_and_used_by_later_runs(city, recurring, client):
    c = _login(client, city.office)
    first = _analyse(c, round=city.ra.id)
    before = _class_of(first, recurring[0].id)
    target = "ideology" if before[0] != "ideology" else "finance"
    codes = dict(common_analysis.taxonomy_classes())
    assert target in codes
    resp = c.post(reverse("oversight:analysis_correct", args=[first.pk]), {"finding": recurring[0].id, "code": target})
    assert resp.status_code == 302
    fix = CategoryCorrection.objects.get()
    assert (fix.finding_id, fix.code, fix.corrected_by) == (recurring[0].id, target, city.office)
    # The result page shows it at once; the audit log has it on the unit.
    page = c.get(reverse("oversight:analysis_result", args=[first.pk])).content.decode()
    assert "人工更正" in page
    from zhenggai.workflow.models import AuditEvent

    assert AuditEvent.objects.filter(unit=city.a1, action="oversight.category.correct").count() == 1
    # A later run classifies the corrected problem so, and a problem with the same title
    # elsewhere in the scope follows the correction.
    twin = ls.add_finding(city.a2, Finding.Level.PROBLEM, "关于“" + CAR[0] + "”的问题")
    later = _analyse(c, round=city.ra.id)
    assert _class_of(later, recurring[0].id)[:3] == [target, codes[target], "correction"]
    assert _class_of(later, twin.id)[0] == target
    # An invalid class is refused in Chinese and changes nothing.
    c.post(reverse("oversight:analysis_correct", args=[first.pk]), {"finding": recurring[0].id, "code": "nonsense"})
    assert CategoryCorrection.objects.count() == 1


@pytest.mark.parametrize("who, status", [("jiwei", 403), ("zuzhibu", 403), ("upper", 403), ("round_only", 404)])
def test_only_the_rounds_office_corrects(city, recurring, client, who, status):
    c = _login(client, getattr(city, who))
    job = _analyse(c)
    resp = c.post(reverse("oversight:analysis_correct", args=[job.pk]), {"finding": recurring[0].id, "code": "finance"})
    assert resp.status_code == status
    assert not CategoryCorrection.objects.exists()


def test_publishing_a_group_reaches_exactly_the_chosen_units(city, recurring, client):
    from zhenggai.inspection import services as inspection
    from zhenggai.inspection.models import CommonProblem
    from zhenggai.workflow.models import AuditEvent

    c = _login(client, city.office)
    job = _analyse(c, round=city.ra.id)
    index = next(i for i, g in enumerate(job.result["groups"]) if recurring[0].id in g["members"])
    name = job.result["groups"][index]["name"]
    url = reverse("oversight:analysis_publish", args=[job.pk, index])
    form = c.get(url)
    assert form.status_code == 200
    choices = form.context["form"]
    assert choices.initial["title"] == name and set(choices.initial["units"]) == {str(city.a1.id), str(city.a2.id)}
    assert form.context["round"] == city.ra
    # The office keeps only one unit of the two.
    resp = c.post(url, {"round": city.ra.id, "title": name, "description": "对照检查公务用车", "units": [city.a1.id]})
    assert resp.status_code == 302 and resp["Location"] == reverse("inspection:round", args=[city.ra.id])
    cp = CommonProblem.objects.get()
    assert (cp.inspection, cp.title, cp.published_by) == (city.ra, name, city.office)
    assert set(cp.units.all()) == {city.a1} and not cp.extra_units.exists()
    assert cp in inspection.common_for(city.a1) and cp not in inspection.common_for(city.a2)
    assert inspection.targets_of(cp) == [city.a1]
    events = AuditEvent.objects.filter(action="inspection.common.publish")
    assert [e.unit for e in events] == [city.a1] and name in events[0].data["source"]
    # The round page lists it with that one unit to answer.
    round_page = c.get(reverse("inspection:round", args=[city.ra.id]))
    assert [u for u, _ in round_page.context["commons"][0][1]] == [city.a1]
    # Nothing chosen is refused, not widened to every unit.
    bad = c.post(url, {"round": city.ra.id, "title": name, "units": []})
    assert bad.status_code == 400 and CommonProblem.objects.count() == 1


def test_publishing_the_usual_way_still_reaches_every_unit(city):
    from zhenggai.inspection import services as inspection

    cp = inspection.publish_common(city.office, city.ra, "全轮次的共性问题")
    assert cp in inspection.common_for(city.a1) and cp in inspection.common_for(city.a2)
    assert set(inspection.targets_of(cp)) == {city.a1, city.a2}


@pytest.mark.parametrize("who, status", [("jiwei", 403), ("upper", 403)])
def test_readers_cannot_publish(city, recurring, client, who, status):
    from zhenggai.inspection.models import CommonProblem

    c = _login(client, getattr(city, who))
    job = _analyse(c)
    index = next(i for i, g in enumerate(job.result["groups"]) if recurring[0].id in g["members"])
    url = reverse("oversight:analysis_publish", args=[job.pk, index])
    assert c.get(url).status_code == status
    assert c.post(url, {"round": city.ra.id, "title": "x", "units": [city.a1.id]}).status_code == status
    assert not CommonProblem.objects.exists()
    # And the office may not publish from someone else's analysis (it is not theirs to open).
    assert _login(client, city.office).get(url).status_code == 404
