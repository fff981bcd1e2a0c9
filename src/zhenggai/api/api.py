"""The HTTP JSON API (django-ninja, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Same grants as the web pages, by construction: every object and queryset comes from
``zhenggai.ledger.access`` (visible_units, access_for, measure_for, scope_measures), every
write goes through the workflow's own service. Outsiders get 404, read-only roles 403.
Units and rounds are addressed by their public ids.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from pydantic import Field

from zhenggai.ledger import access as acl
from zhenggai.ledger import figures as fg
from zhenggai.ledger import queries
from zhenggai.ledger.models import Body, Finding, InspectionRound, LedgerError, Measure, Unit
from zhenggai.ledger.models.rounds import newest_first

from . import tokens


class TokenAuth(HttpBearer):
    """Authorization: Bearer zg_…  (tokens are created on the web page /account/tokens/)."""

    def authenticate(self, request, token):
        user = tokens.authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="zhenggai 整改工作系统接口",
    version="1",
    description="读取机构、轮次、单位、问题、措施、统计数字和预警，报送整改进展。权限与网页完全相同。"
                "认证：在“接口令牌”页面创建令牌，请求头写 `Authorization: Bearer <令牌>`。",
    auth=TokenAuth(),
    urls_namespace="api",
)


class Error(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: list[dict] = []


def responses(ok, *, status: int = 200, write: bool = False) -> dict:
    """Every status an operation may answer, documented (schemathesis checks that none is missing)."""
    out = {status: ok, 401: Error, 404: Error, 422: Invalid}
    if write:
        out[403] = Error
    return out


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "没有找到（或无权查看）"}, status=404)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "您的角色不能进行此操作"}, status=403)


@api.exception_handler(LedgerError)
def _refused(request, exc):
    from zhenggai.workflow.services import NotAllowed

    status = 403 if isinstance(exc, NotAllowed) else 422
    return api.create_response(request, {"detail": str(exc)}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "请提供有效的接口令牌（Authorization: Bearer …）"}, status=401)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": "请求参数有误", "errors": exc.errors}, status=422)


class Pagination(LimitOffsetPagination):
    """limit (1–200, default 50) and offset on every list."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=10_000_000)


# --- schemas ----------------------------------------------------------------------------


class BodyOut(Schema):
    id: str
    name: str
    kind: str
    tier: str
    parent: str | None


class RoundOut(Schema):
    id: str
    name: str
    kind: str
    inspector: str
    round: str
    body: str | None
    start: dt.date | None
    end: dt.date | None


class UnitOut(Schema):
    id: str
    name: str
    round: str
    round_name: str
    group: str
    feedback_date: dt.date | None


class FindingOut(Schema):
    id: int
    parent: int | None
    level: str
    number: str
    title: str


class MeasureOut(Schema):
    id: str
    unit: str
    finding: int
    text: str
    target: str
    kind: str
    status: str
    status_label: str
    leader: str
    lead_department: str
    person: str
    deadline: dt.date | None
    original_deadline: dt.date | None
    overdue: bool
    progress: str


class WarningOut(Schema):
    measure: str
    level: str
    finding: int
    text: str
    deadline: dt.date
    days_left: int


class ProgressIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000)
    percent: int | None = Field(None, ge=0, le=100)


class ProgressOut(Schema):
    id: int
    measure: str
    text: str
    percent: int | None
    created_at: dt.datetime


# --- helpers ----------------------------------------------------------------------------


def _body(b: Body | None) -> dict | None:
    return None if b is None else {"id": b.public_id, "name": b.name, "kind": b.kind, "tier": b.tier,
                                   "parent": b.parent.public_id if b.parent_id else None}


def _round(r: InspectionRound) -> dict:
    return {"id": r.public_id, "name": r.name, "kind": r.kind, "inspector": r.inspector, "round": r.round,
            "body": r.body.public_id if r.body_id else None, "start": r.start, "end": r.end}


def _unit_out(u: Unit) -> dict:
    return {"id": u.public_id, "name": u.name, "round": u.inspection.public_id, "round_name": u.inspection.name,
            "group": u.group, "feedback_date": u.feedback_date}


def measure_key(m: Measure) -> str:
    """How a measure is addressed from outside: its random 编号 when the ledger has one, else its id."""
    return str(getattr(m, "ref", None) or m.pk)


def _measure_out(m: Measure, today: dt.date, unit_id: str | None = None) -> dict:
    return {"id": measure_key(m), "unit": unit_id or m.finding.unit.public_id, "finding": m.finding_id, "text": m.text,
            "target": m.target, "kind": m.kind, "status": m.status, "status_label": m.get_status_display(),
            "leader": m.leader, "lead_department": m.lead_department.name if m.lead_department_id else "",
            "person": m.person, "deadline": m.deadline, "original_deadline": m.original_deadline,
            "overdue": fg.MeasureFact(m.status, m.deadline).is_overdue(today), "progress": m.progress}


def _unit_access(request, unit_id: str) -> acl.Access:
    unit = acl.visible_units(request.auth).filter(public_id=unit_id).first()
    access = acl.access_for(request.auth, unit) if unit is not None else None
    if access is None:
        raise Http404
    return access


def _measure(request, measure_id: str, write: bool = False):
    has_ref = any(f.name == "ref" for f in Measure._meta.get_fields())
    row = Measure.objects.active().filter(ref=measure_id).values_list("pk", flat=True).first() if has_ref else None
    if row is None and not has_ref and measure_id.isdigit() and len(measure_id) < 19:
        row = int(measure_id)
    if row is None:
        raise Http404
    return acl.measure_for(request.auth, row, write=write)


# --- endpoints --------------------------------------------------------------------------


@api.get("/bodies", response=responses(list[BodyOut]), tags=["机构"], summary="机构（所见单位所属的巡视巡察机构和党组织）")
@paginate(Pagination)
def bodies(request, kind: str | None = None):
    units = acl.visible_units(request.auth)
    ids = set(units.values_list("inspection__body_id", flat=True)) | set(units.values_list("organisation_id", flat=True))
    qs = Body.objects.active().filter(id__in=[i for i in ids if i]).select_related("parent").order_by("path")
    if kind:
        qs = qs.filter(kind=kind)
    return _Mapped(qs, _body)


@api.get("/rounds", response=responses(list[RoundOut]), tags=["轮次"], summary="轮次")
@paginate(Pagination)
def rounds(request, body: str | None = None, kind: str | None = None):
    ids = acl.visible_units(request.auth).values("inspection_id")
    qs = InspectionRound.objects.active().filter(id__in=ids).select_related("body").order_by(*newest_first())
    if body:
        qs = qs.filter(body__public_id=body)
    if kind:
        qs = qs.filter(kind=kind)
    return _Mapped(qs, _round)


@api.get("/units", response=responses(list[UnitOut]), tags=["单位"], summary="单位（被巡视巡察党组织）")
@paginate(Pagination)
def units(request, round: str | None = None, q: str | None = None):  # noqa: A002 - the API's own word
    qs = acl.visible_units(request.auth).select_related("inspection").order_by("name", "id")
    if round:
        qs = qs.filter(inspection__public_id=round)
    if q:
        qs = qs.filter(name__contains=q[:100])
    return _Mapped(qs, _unit_out)


@api.get("/units/{unit_id}", response=responses(UnitOut), tags=["单位"], summary="一个单位")
def unit(request, unit_id: str):
    return _unit_out(_unit_access(request, unit_id).unit)


@api.get("/units/{unit_id}/findings", response=responses(list[FindingOut]), tags=["问题"],
         summary="反馈问题（方面、问题、具体问题）")
@paginate(Pagination)
def findings(request, unit_id: str, level: str | None = None):
    access = _unit_access(request, unit_id)
    qs = Finding.objects.active().filter(unit=access.unit).order_by("sort_key", "id")
    if level:
        qs = qs.filter(level=level)
    return _Mapped(qs, lambda f: {"id": f.id, "parent": f.parent_id, "level": f.level, "number": f.number,
                                  "title": f.title})


@api.get("/units/{unit_id}/measures", response=responses(list[MeasureOut]), tags=["措施"],
         summary="整改措施（部门填报人只见本部门的）")
@paginate(Pagination)
def measures(request, unit_id: str, status: str | None = None, overdue: bool | None = None,
             department: str | None = None, finding: int | None = None):
    access = _unit_access(request, unit_id)
    today = timezone.localdate()
    # The ledger's query without what the page needs and the API does not (the finding's parents,
    # the 责任部门 prefetch: a query per page); the unit is the one asked for.
    qs = queries.measures(access.unit, None, access).select_related(None).select_related("lead_department")
    qs = qs.prefetch_related(None)
    if status:
        qs = qs.filter(status=status)
    if overdue is True:
        qs = qs.filter(fg.overdue_q(today))
    elif overdue is False:
        qs = qs.exclude(fg.overdue_q(today))
    if department:
        qs = qs.filter(lead_department__name=department[:100])
    if finding is not None:
        qs = qs.filter(finding_id=finding)
    unit_id = access.unit.public_id
    return _Mapped(qs, lambda m: _measure_out(m, today, unit_id))


class _Mapped:
    """A queryset the paginator slices first, then maps (so a page reads only its rows)."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        return [self.fn(m) for m in self.qs[item]]


@api.get("/measures/{measure_id}", response=responses(MeasureOut), tags=["措施"], summary="一条措施")
def measure(request, measure_id: str):
    m, _access = _measure(request, measure_id)
    return _measure_out(m, timezone.localdate())


@api.post("/measures/{measure_id}/progress", response=responses(ProgressOut, status=201, write=True),
          tags=["措施"], summary="报送整改进展（与网页相同的流程和规则）")
def report_progress(request, measure_id: str, payload: ProgressIn):
    from zhenggai.workflow import services as wf

    m, _access = _measure(request, measure_id)
    report = wf.report_progress(m, request.auth, payload.text, payload.percent)
    return 201, {"id": report.id, "measure": measure_key(m), "text": report.text, "percent": report.percent,
                 "created_at": report.created_at}


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


@api.get("/units/{unit_id}/figures", response=responses(dict[str, int | float | str]), tags=["统计"],
         summary="统计数字（与网页、报告同一口径；完成率按问题、按措施分别给出）")
def figures(request, unit_id: str):
    access = _unit_access(request, unit_id)
    named = fg.unit_figures(access.unit, access).named()
    return {k: _plain(v) for k, v in named.items() if isinstance(v, (int, float, str, Decimal))}


@api.get("/units/{unit_id}/warnings", response=responses(list[WarningOut]), tags=["预警"],
         summary="三色预警（red 逾期、yellow、green）")
@paginate(Pagination)
def warnings(request, unit_id: str, level: str = "red"):
    from zhenggai.supervision import dashboard
    from zhenggai.supervision import warnings as w
    from zhenggai.supervision.services import rule_for

    access = _unit_access(request, unit_id)
    if level not in w.LEVELS:
        raise LedgerError("level 只能是 red、yellow 或 green")
    today = timezone.localdate()
    qs = dashboard.warning_measures(access.unit, access, level, today, rule_for(access.unit))
    return _Mapped(qs, lambda m: {"measure": measure_key(m), "level": level, "finding": m.finding_id, "text": m.text,
                                  "deadline": m.deadline, "days_left": w.days_left(m.deadline, today)})


class FlagOut(Schema):
    rule: str
    message: str
    finding: int | None
    measure: str | None


@api.get("/units/{unit_id}/quality", response=responses(list[FlagOut]), tags=["质量体检"],
         summary="整改质量体检（zhenggai.quality 的规则，对所见措施）")
@paginate(Pagination)
def quality(request, unit_id: str, rule: str | None = None):
    from zhenggai.quality import Item, Subject, run

    access = _unit_access(request, unit_id)
    by_finding: dict[int, list[Measure]] = {}
    for m in queries.measures(access.unit, None, access).select_related("finding__unit"):
        by_finding.setdefault(m.finding_id, []).append(m)
    titles = dict(Finding.objects.active().filter(id__in=by_finding).values_list("id", "title"))
    keys = [f for f in by_finding if f in titles]
    subject = Subject(tuple(Item(titles[f], tuple(m.text for m in by_finding[f]), ref=f) for f in keys))
    out = []
    for flag in run(subject):
        if rule and flag.rule != rule:
            continue
        fid = keys[flag.item] if flag.item is not None and flag.item < len(keys) else None
        ms = by_finding.get(fid, []) if fid is not None else []
        mid = measure_key(ms[flag.measure]) if flag.measure is not None and flag.measure < len(ms) else None
        out.append({"rule": flag.rule, "message": flag.message, "finding": fid, "measure": mid})
    return out
