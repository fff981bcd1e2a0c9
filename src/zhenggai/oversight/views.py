"""Pages of the supervision dashboard, the 督办 ladder and 回头看 sampling.

Who may see what is ledger.access: the dashboard shows the rounds the user reads whole;
a unit page is for those readers and the unit's own whole-unit roles; every write is the
round's 巡视巡察办 (round_for with Perm.ROUND_RULES) or, for 签收/答复, the unit's 整改办."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai import ids
from zhenggai.ledger import versions
from zhenggai.ledger.access import unit_for, whole_unit_for
from zhenggai.ledger.models import LedgerError
from zhenggai.ledger.permissions import Perm
from zhenggai.supervision.access import round_for
from zhenggai.supervision.views.unit import svg_response

from . import board, charts, exports, services
from .models import CheckResult, Notice, SampleItem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _int(value) -> int | None:
    return ids.as_id(value)


def _scope(request: HttpRequest, params=None) -> tuple[int | None, int | None]:
    """The filter's round and body; 404 for a round or body the user does not read (a guessed id
    reveals nothing), 403 for a unit member without a round-wide role, 404 for anyone else."""
    from django.core.exceptions import PermissionDenied

    from zhenggai.ledger.access import visible_units

    params = request.GET if params is None else params
    user = request.user
    rounds = board.round_choices(user)
    if not user.is_superuser and not rounds:
        if visible_units(user).exists():
            raise PermissionDenied("只有巡视巡察机构和监督部门可以查看整改监督看板")
        raise Http404("没有可监督的轮次")
    round_id, body_id = _int(params.get("round")), _int(params.get("body"))
    if round_id and round_id not in {r.id for r in rounds}:
        raise Http404("没有这个轮次")
    if body_id and body_id not in {r.body_id for r in rounds}:
        raise Http404("没有这个巡视巡察机构")
    return round_id, body_id


def _rows(request: HttpRequest):
    """The filtered rows (see _scope for who gets what)."""
    round_id, body_id = _scope(request)
    units = board.supervised_units(request.user, round_id, body_id)
    rs = board.rows(units)
    return units, board.ranked(rs, request.GET.get("sort", "score"), request.GET.get("grade", ""), request.GET.get("opinions", ""))


def _download(data: bytes, name: str, ctype: str) -> HttpResponse:
    from urllib.parse import quote

    resp = HttpResponse(data, content_type=ctype)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    units, rs = _rows(request)
    return render(request, "oversight/dashboard.html", {
        "rows": rs, "totals": board.totals(rs), "trend": board.trend(units),
        "rounds": board.round_choices(request.user), "bodies": board.body_choices(request.user),
        "grades": ["好", "较好", "一般", "差"], "opinion_filters": board.OPINION_FILTERS, "writable": _writable(request.user, board.round_choices(request.user)), "q": request.GET, "query": request.GET.urlencode(),
        **_generate_context(request),
    })


def _generate_context(request: HttpRequest) -> dict:
    """The dashboard's background outputs (oversight/jobs.py), posted with the current filter."""
    from . import jobs

    return {"scope": jobs.scope_from(request.GET), "may_analyse": True, "outputs": [
        ("oversight:xlsx", "看板（Excel）"), ("oversight:evaluation_xlsx", "成效评估（Excel）"),
        ("oversight:evaluation_docx", "成效评估（Word）"), ("oversight:reports_zip", "各单位通报草稿（打包）")]}


GENERATED = {"board_xlsx": "oversight.board_xlsx", "evaluation_xlsx": "oversight.evaluation_xlsx",
             "evaluation_docx": "oversight.evaluation_docx", "reports_zip": "oversight.reports_zip"}


@require_http_methods(["GET", "POST"])
@login_required
def generate(request: HttpRequest, what: str) -> HttpResponse:
    """The dashboard's outputs over its whole scope, made by a background 生成任务 (oversight/jobs.py).

    GET (an old link, a bookmark) shows what will be made and a button; POST queues it and
    goes to the job's page, whose progress bar ends in the download."""
    from zhenggai.ledger import jobs as generated

    from . import jobs

    code = GENERATED.get(what)
    if code is None:
        raise Http404("没有这种文件")
    params = request.POST if request.method == "POST" else request.GET
    _scope(request, params)
    scope = jobs.scope_from(params)
    if request.method == "POST":
        job = generated.start(request.user, code, scope, jobs.describe(request.user, scope))
        return redirect("ledger:job", job.pk)
    return render(request, "oversight/generate.html", {
        "title": jobs.KINDS[code].title, "what": what, "scope": scope, "label": jobs.describe(request.user, scope),
    })


@require_GET
@login_required
def chart(request: HttpRequest, name: str) -> HttpResponse:
    units, rs = _rows(request)
    if name == "rates":
        return svg_response(charts.rate_bars(rs))
    if name == "trend":
        return svg_response(charts.trend_line(board.trend(units)))
    if name == "opinions":
        return svg_response(charts.opinion_bars(rs))
    raise Http404("没有这个图")


def _unit_page_access(request: HttpRequest, unit_id: int):
    access = whole_unit_for(request.user, unit_id)
    return access, access.unit


@require_GET
@login_required
def unit_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    access, unit = _unit_page_access(request, unit_id)
    today = timezone.localdate()
    row = board.rows([unit], today)[0]
    writer = request.user.is_superuser or _round_writer(request.user, unit)
    samples = list(unit.samples.prefetch_related("items__measure", "items__checker"))
    return render(request, "oversight/unit.html", {
        "unit": unit, "row": row, "access": access, "writer": writer,
        "notices": list(unit.notices.select_related("signed_by", "replied_by", "issued_by")),
        "open_notice": services.open_notice(unit), "samples": samples,
        "can_answer": access.may(Perm.EDIT), "results": CheckResult,
        "checkers": services.checkers(unit.inspection) if writer else [],
        "percent": services.settings_for(unit.inspection).sample_percent,
    })


def _writable(user, rounds):
    from zhenggai.ledger.access import round_roles
    from zhenggai.ledger.permissions import allows

    return [r for r in rounds if user.is_superuser or allows(round_roles(user, r), Perm.ROUND_RULES)]


def _round_writer(user, unit) -> bool:
    from zhenggai.ledger.access import round_roles
    from zhenggai.ledger.permissions import allows

    return allows(round_roles(user, unit.inspection), Perm.ROUND_RULES)


def _notice(request: HttpRequest, notice_id: int) -> Notice:
    notice = Notice.objects.select_related("unit__inspection__body").filter(pk=notice_id).first()
    if notice is None:
        raise Http404("没有这份督办文书")
    whole_unit_for(request.user, notice.unit_id)  # 404 for outsiders
    return notice


@require_POST
@login_required
def issue(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id).unit
    round_for(request.user, unit.inspection_id, Perm.ROUND_RULES)
    try:
        n = services.issue_notice(request.user, unit)
    except LedgerError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已发出{n.name}，答复期限 {n.reply_due:%Y年%-m月%-d日}")
    return redirect("oversight:unit", unit.id)


@require_GET
@login_required
def notice_docx(request: HttpRequest, notice_id: int) -> HttpResponse:
    n = _notice(request, notice_id)
    d = timezone.localtime(n.issued_at).date()
    return _download(exports.notice_docx(n, f"{d.year}年{d.month}月{d.day}日"), f"{n.unit.name}-{n.name}.docx", DOCX)


@require_POST
@login_required
def sign(request: HttpRequest, notice_id: int) -> HttpResponse:
    n = _notice(request, notice_id)
    unit_for(request.user, n.unit_id, write=True)
    try:
        services.sign_notice(request.user, n)
    except LedgerError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已签收{n.name}")
    return redirect("oversight:unit", n.unit_id)


@require_POST
@login_required
def reply(request: HttpRequest, notice_id: int) -> HttpResponse:
    n = _notice(request, notice_id)
    unit_for(request.user, n.unit_id, write=True)
    try:
        services.reply_notice(request.user, n, request.POST.get("reply", ""))
    except LedgerError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已答复{n.name}")
    return redirect("oversight:unit", n.unit_id)


@require_POST
@login_required
def draw(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id).unit
    round_for(request.user, unit.inspection_id, Perm.ROUND_RULES)
    from django.contrib.auth import get_user_model

    checker = request.user
    chosen = request.POST.get("checker", "").strip()
    if chosen:  # a checker that names no one is refused, not replaced by the one drawing
        checker = get_user_model().objects.filter(pk=_int(chosen)).first()
    try:
        if checker is None:
            raise LedgerError("没有这个核查人")
        typed = request.POST.get("percent", "").strip()
        if typed and not (typed.isascii() and typed.isdigit() and len(typed) <= 3):  # not the default share instead
            raise LedgerError("抽查比例应为 1 至 100 的整数")
        s = services.draw_sample(request.user, unit, int(typed) if typed else None, checker=checker)
    except LedgerError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已抽取 {s.items.count()} 个已销号事项（随机种子 {s.seed}）")
    return redirect("oversight:unit", unit.id)


@require_POST
@login_required
def record(request: HttpRequest, item_id: int) -> HttpResponse:
    from django.conf import settings as dj

    from zhenggai.workflow import evidence as ev

    item = SampleItem.objects.select_related("sample__unit__inspection", "measure").filter(pk=item_id).first()
    if item is None:
        raise Http404("没有这个抽查事项")
    unit_for(request.user, item.sample.unit_id)
    round_for(request.user, item.sample.unit.inspection_id, Perm.ROUND_RULES)
    result = request.POST.get("result")
    try:
        if result not in (CheckResult.MATCH, CheckResult.MISMATCH):
            raise LedgerError("请选择核查结果：相符或不符")
        limit = dj.MAX_UPLOAD_MB * 1024 * 1024  # the evidence upload limit
        uploads = request.FILES.getlist("photos")
        if len(uploads) > ev.MAX_FILES:
            raise LedgerError(f"一次最多上传 {ev.MAX_FILES} 张照片")
        photos = [ev.check(f.name, f.chunks(), limit) for f in uploads]
        services.record_check(request.user, item, result == CheckResult.MATCH, request.POST.get("notes", ""), photos)
    except (LedgerError, ev.EvidenceRefused) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已记录核查结果" + ("；该事项已重新打开" if result == CheckResult.MISMATCH else ""))
    return redirect("oversight:unit", item.sample.unit_id)


@require_GET
@login_required
def samples_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    _, unit = _unit_page_access(request, unit_id)
    items = SampleItem.objects.filter(sample__unit=unit).select_related("sample__unit", "measure", "checker")
    return _download(exports.xlsx([exports.samples_sheet(items)]), f"{unit.name}-回头看抽查.xlsx", XLSX)


@require_http_methods(["GET", "POST"])
@login_required
def round_settings(request: HttpRequest, round_id: int) -> HttpResponse:
    from .evaluation import scheme_of

    rnd = round_for(request.user, round_id, Perm.ROUND_RULES)
    cfg = services.settings_for(rnd)
    scheme = scheme_of(cfg.scheme)
    error = ""
    if request.method == "POST":
        p = request.POST
        try:
            cuts = [int(p.get(k, "")) for k in ("good", "fair", "pass")]
            nums = {k: float(p.get(k, "")) for k in ("per_overdue", "per_mismatch", "per_milestone", "per_escalation")}
            steps = [s for s in p.get("steps", "").replace("→", "\n").splitlines()]
            custom = {**{k: (int(v) if v.is_integer() else v) for k, v in nums.items()},
                      "grades": [["好", cuts[0]], ["较好", cuts[1]], ["一般", cuts[2]], ["差", 0]],
                      **_satisfaction_fields(p, scheme)}
            with versions.editing(cfg, versions.posted(p), "本轮次的督办、抽查和评估设置"):
                services.set_round_settings(request.user, rnd, steps, int(p.get("reply_days", "")),
                                            int(p.get("sample_percent", "")), custom)
        except ValueError:
            error = "请填写整数或小数"
        except LedgerError as e:
            error = str(e)
        else:
            messages.success(request, "已保存本轮次的督办、抽查和评估设置")
            return redirect("oversight:round_settings", rnd.id)
    return render(request, "oversight/settings.html", {
        "round": rnd, "cfg": cfg, "steps": "\n".join(cfg.steps or services.steps_of(rnd)),
        "scheme": scheme, "cuts": [c for _, c in scheme["grades"]], "error": error, "version": versions.token_for(cfg),
    }, status=400 if error else 200)


def _satisfaction_fields(post, scheme) -> dict:
    """The indicator weights and 群众满意度 fields of the settings form (absent fields keep the scheme's)."""
    if "sat_weight" not in post:
        return {}
    def num(key: str):
        v = float(post.get(key, ""))
        if not math.isfinite(v):
            raise ValueError(key)  # 请填写整数或小数
        return int(v) if v.is_integer() else v

    weights = [num(f"weight_{i}") for i in range(len(scheme["indicators"]))]
    veto = post.get("sat_veto", "").strip()
    return {"indicators": [{**ind, "weight": w} for ind, w in zip(scheme["indicators"], weights)],
            "satisfaction": {"weight": num("sat_weight"), "min_ratings": int(num("sat_min")),
                             "deduct_above_percent": num("sat_deduct_above"), "deduction": num("sat_deduction"),
                             "veto_above_percent": num("sat_veto") if veto else None}}
