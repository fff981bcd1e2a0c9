"""Every download and export URL of the project, role by role: status codes, and that a
department reporter's bytes never hold another department's measure.

The reporter belongs to 财务科: m3 (工程科 leads, 财务科 shares), m4 and m5 (财务科) are
theirs; m1 and m2 (办公室) are not. Whole-unit documents (report drafts in every format,
the 调度报告, issued reports) are refused to reporters with 403; lists, exports, charts,
warnings and evidence are scoped to their departments. A reporter membership without a
department (an old row: saving one is refused) sees no measure at all.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

OTHER_DEPT = ("全面盘点防汛物资并建立电子台账", "每季度抽查物资储备情况", "办公室自己写的进展甲乙丙")
OWN = "修订差旅费管理办法"
OWN_PROBLEM = "差旅费报销审核不细"
WHOLE, SCOPED, OWN_EVIDENCE, OTHER_EVIDENCE, ROUND = "whole", "scoped", "own_ev", "other_ev", "round"
JOB = "job"  # a 生成任务 and its file: only for the one who asked (people.inspection), 404 for everyone else
OFFICE_ONLY = "office_only"  # the unit's QR codes and 公示 notice (zhenggai.public): the office's to print
# Downloads meant for everyone, no login: the approved public version of a report (only through
# an approved publication's public id, see tests/public/test_unreachable.py) and the API's OpenAPI document.
PUBLIC_DOWNLOADS = {"public:report_docx", "api:openapi-json"}


def readable(response) -> str:
    """The text a person would read in the download (Word paragraphs and tables, sheet cells)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if not body.startswith(b"PK"):
        return body.decode("utf-8", errors="replace")
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    if "word/document.xml" in names:
        import docx

        d = docx.Document(io.BytesIO(body))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None)


@pytest.fixture
def world(ledger, people, settings, tmp_path):
    """The shared ledger with progress, evidence on an office measure and on a finance one,
    an outcome, and issued 通报 and 调度报告."""
    from zhenggai.outcomes.models import Meeting
    from zhenggai.reports import services as reports
    from zhenggai.workflow import evidence, services as wf

    settings.DATA_DIR = tmp_path / "data"
    m1, m2, m3, m4, m5 = ledger.measures
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    wf.report_progress(m1, people.office, OTHER_DEPT[2], files=[evidence.check("办公室佐证.pdf", [pdf], 1 << 20)])
    wf.report_progress(m5, people.reporter, "财务科已追回部分款项", files=[evidence.check("财务佐证.pdf", [pdf + b" "], 1 << 20)])
    from zhenggai.workflow.models import Evidence

    Meeting.objects.create(unit=ledger.unit, kind=Meeting.Kind.SPECIAL, date=ledger.unit.inspection.created_at.date(), title="专题会")
    progress = reports.issue(reports.draft_for(ledger.unit, "progress"), people.office)
    dispatch = reports.issue(reports.draft_for(ledger.unit, "dispatch"), people.office)
    from zhenggai.oversight import services as oversight

    notice = oversight.issue_notice(people.inspection, ledger.unit)
    from zhenggai.ledger import jobs

    job = jobs.start(people.inspection, "oversight.board_xlsx", {"round": ledger.round.id})  # a 生成任务, theirs only
    return dict(
        job=job.id,
        notice=notice.id,
        unit=ledger.unit.id,
        round=ledger.round.id,
        issued=(progress.id, dispatch.id),
        own_evidence=Evidence.objects.get(measure=m5).id,
        other_evidence=Evidence.objects.get(measure=m1).id,
        own=(m5.id, ledger.problems[2].id),
        other=(m1.id, ledger.problems[0].id),
    )


def urls(w) -> list[tuple[str, str]]:
    """(url, kind): kind says who may have it."""
    u = w["unit"]
    out = [
        (reverse("ledger:ledger", args=[u]), SCOPED),
        (reverse("ledger:export_xlsx", args=[u]), SCOPED),
        (reverse("ledger:print", args=[u]), SCOPED),  # the PDF is this page converted (ledger/printable.py)
        (reverse("ledger:export_pdf", args=[u]), SCOPED),
        (reverse("supervision:dashboard", args=[u]), SCOPED),
        (reverse("supervision:warnings", args=[u]), SCOPED),
        (reverse("outcomes:list", args=[u]), SCOPED),
        (reverse("reports:index", args=[u]), SCOPED),
        (reverse("reports:tables", args=[u, "docx"]), SCOPED),
        (reverse("reports:tables", args=[u, "xlsx"]), SCOPED),
        (reverse("workflow:evidence", args=[w["own_evidence"]]), OWN_EVIDENCE),
        (reverse("workflow:evidence", args=[w["other_evidence"]]), OTHER_EVIDENCE),
        (reverse("workflow:measure", args=[w["own"][0]]), OWN_EVIDENCE),
        (reverse("workflow:measure", args=[w["other"][0]]), OTHER_EVIDENCE),
        (reverse("ledger:problem", args=[w["own"][1]]), OWN_EVIDENCE),
        (reverse("ledger:problem", args=[w["other"][1]]), OTHER_EVIDENCE),
        (reverse("ledger:feedback", args=[u]), SCOPED),
        (reverse("workflow:inbox", args=[u]), SCOPED),
        (reverse("supervision:reports", args=[u]), SCOPED),
        (reverse("supervision:overview", args=[w["round"]]), ROUND),
        (reverse("supervision:overview_chart", args=[w["round"]]), ROUND),
        (reverse("oversight:xlsx"), ROUND),
        (reverse("oversight:evaluation_docx"), ROUND),
        (reverse("oversight:evaluation_xlsx"), ROUND),
        (reverse("oversight:reports_zip"), ROUND),
        (reverse("ledger:job", args=[w["job"]]), JOB),
        (reverse("ledger:job_download", args=[w["job"]]), JOB),
        (reverse("oversight:chart", args=["rates"]), ROUND),
        (reverse("oversight:chart", args=["trend"]), ROUND),
        (reverse("oversight:samples_xlsx", args=[u]), WHOLE),
        (reverse("oversight:notice_docx", args=[w["notice"]]), WHOLE),
    ]
    for which in ("ledger", "problems", "tasks", "responsibilities"):
        out.append((reverse("ledger:list", args=[u, which]), SCOPED))
        for fmt in ("xlsx", "csv"):
            out.append((reverse("ledger:export_list", args=[u, which, fmt]), SCOPED))
    for name in ("status", "aspects", "departments"):
        out.append((reverse("supervision:chart", args=[u, name]), SCOPED))
    for level in ("red", "yellow", "green"):
        out.append((reverse("supervision:warnings_csv", args=[u]) + f"?level={level}", SCOPED))
    for target in ("page", "opinion"):
        for fmt in ("png", "svg"):
            out.append((reverse("public:qr", args=[u, target, fmt]), OFFICE_ONLY))
    out.append((reverse("public:notice", args=[u]), OFFICE_ONLY))
    for kind in ("progress", "final", "dispatch"):
        out.append((reverse("reports:draft", args=[u, kind]), WHOLE))
        for fmt in ("docx", "txt", "html"):
            out.append((reverse("reports:draft_download", args=[u, kind, fmt]), WHOLE))
    for issued in w["issued"]:
        out.append((reverse("reports:issued", args=[issued]), WHOLE))
        for fmt in ("docx", "txt", "html"):
            out.append((reverse("reports:issued_download", args=[issued, fmt]), WHOLE))
    return out


# role → {kind: status}
MEMBER = {WHOLE: 200, SCOPED: 200, OWN_EVIDENCE: 200, OTHER_EVIDENCE: 200, ROUND: 403, OFFICE_ONLY: 403, JOB: 404}
EXPECTED = {
    "office": {**MEMBER, OFFICE_ONLY: 200},
    "supervisor": MEMBER,
    "leader": MEMBER,
    "inspection": {**MEMBER, ROUND: 200, JOB: 200},
    "reporter": {WHOLE: 403, SCOPED: 200, OWN_EVIDENCE: 200, OTHER_EVIDENCE: 404, ROUND: 403, OFFICE_ONLY: 403,
                 JOB: 404},
    "outsider": {WHOLE: 404, SCOPED: 404, OWN_EVIDENCE: 404, OTHER_EVIDENCE: 404, ROUND: 403, OFFICE_ONLY: 404, JOB: 404},
    "nobody": {WHOLE: 404, SCOPED: 404, OWN_EVIDENCE: 404, OTHER_EVIDENCE: 404, ROUND: 404, OFFICE_ONLY: 404, JOB: 404},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_download_role_by_role(world, people, login, role):
    c = login(getattr(people, role))
    for target, kind in urls(world):
        r = c.get(target)
        assert r.status_code == EXPECTED[role][kind], (role, target, r.status_code)
        if role == "reporter" and r.status_code == 200:
            text = readable(r)
            for other in OTHER_DEPT:
                assert other not in text, (target, other)
        if role == "office" and kind == WHOLE and "reports/" in target and "dispatch" not in target and str(world["issued"][1]) + "/" not in target:
            assert OTHER_DEPT[0] in readable(r), target  # the documents do hold the whole unit


def test_reporter_exports_hold_their_own_measures(world, people, login):
    """The absence checks above mean something: the same downloads carry the reporter's measures."""
    c = login(people.reporter)
    for target, kind in urls(world):
        if target.endswith(".pdf"):
            continue  # compressed text; the PDF is /print/ converted, and /print/ is read here
        if kind == SCOPED and ("export" in target or "tables" in target or "/lists/" in target or "/print/" in target
                               or target == reverse("ledger:ledger", args=[world["unit"]])):
            # The problem list names problems, not measures.
            assert (OWN_PROBLEM if "problems" in target else OWN) in readable(c.get(target)), target


def test_anonymous_is_sent_to_login_everywhere(world, client):
    for target, _ in urls(world):
        r = client.get(target)
        assert r.status_code == 302 and "/login/" in r["Location"], target


def test_reporter_index_offers_no_whole_unit_document(world, people, login):
    page = login(people.reporter).get(reverse("reports:index", args=[world["unit"]])).content.decode()
    assert "draft." not in page and "report." not in page
    assert reverse("reports:tables", args=[world["unit"], "xlsx"]) in page


def test_reporter_without_department_sees_nothing(world, ledger, people, login):
    """An old row (saved before the rule) scopes to no measure; the workflow refuses them too."""
    from zhenggai.ledger.models import Membership

    Membership.objects.filter(user=people.reporter).update(department=None)  # as an old database holds it
    c = login(people.reporter)
    for target, kind in urls(world):
        r = c.get(target)
        if r.status_code == 200:
            text = readable(r)
            for m in ledger.measures:
                assert m.text not in text, (target, m.text)
        assert r.status_code != 200 or kind == SCOPED, target
    measure = reverse("workflow:measure", args=[ledger.measures[3].id])
    assert c.get(measure).status_code == 404
    assert c.post(reverse("workflow:act", args=[ledger.measures[3].id, "comment"]), {"text": "评论"}).status_code == 404


def test_reporter_membership_needs_a_department(ledger, people):
    from django.core.exceptions import ValidationError

    from zhenggai.ledger.models import Membership, Role

    m = Membership(user=people.nobody, unit=ledger.unit, role=Role.REPORTER)
    with pytest.raises(ValidationError) as e:
        m.full_clean()
    assert "部门填报人必须指定所在部门" in str(e.value)
    with pytest.raises(ValidationError):
        m.save()
    other_dept = ledger.other_unit.departments.create(name="外单位科室")
    with pytest.raises(ValidationError) as e:
        Membership(user=people.nobody, unit=ledger.unit, role=Role.REPORTER, department=other_dept).save()
    assert "所在部门必须属于该单位" in str(e.value)
    assert not Membership.objects.filter(user=people.nobody).exists()
    Membership(user=people.nobody, unit=ledger.unit, role=Role.SUPERVISOR).save()  # other roles need none


def test_admin_form_refuses_a_reporter_without_department(ledger, people, admin_client):
    from zhenggai.ledger.models import Membership

    r = admin_client.post(reverse("admin:ledger_membership_add"), {"user": people.nobody.id, "unit": ledger.unit.id, "role": "reporter", "department": ""})
    assert r.status_code == 200 and "部门填报人必须指定所在部门" in r.content.decode()
    assert not Membership.objects.filter(user=people.nobody).exists()


def test_system_check_refuses_old_rows(ledger, people):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from zhenggai.ledger.models import Membership

    call_command("check")  # a clean database passes
    Membership.objects.filter(user=people.reporter).update(department=None)
    with pytest.raises(SystemCheckError) as e:
        call_command("check")
    assert "reporter" in str(e.value) and "部门填报人必须指定所在部门" in str(e.value) and "zhenggai.E002" in str(e.value)


def test_the_matrix_covers_every_download_url(world):
    """A download added later (any route ending in a file type, or serving evidence) must join the matrix."""
    from django.urls import get_resolver, resolve

    def routes(resolver, ns=""):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                if p.namespace != "admin":
                    yield from routes(p, f"{p.namespace}:" if p.namespace else ns)
            else:
                yield ns + (p.name or ""), str(p.pattern)

    downloads = {name for name, route in routes(get_resolver()) if "." in route.rsplit("/", 1)[-1] or "evidence" in route}
    covered = {resolve(u.split("?")[0]).view_name for u, _ in urls(world)}
    assert downloads and downloads - PUBLIC_DOWNLOADS <= covered, downloads - PUBLIC_DOWNLOADS - covered
