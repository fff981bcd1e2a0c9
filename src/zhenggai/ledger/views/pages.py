"""Read-only pages: rounds and units, the ledger table, feedback, lists, a problem."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import access as acl
from .. import figures, history, lists, paging, queries
from ..forms import LedgerFilterForm
from ..models import Department, Finding, Lead, Measure, Suggestion
from ..models.rounds import newest_first
from .printable import pdf_available
from .bulk import BulkForm

PAGE_SIZE = 100
FILTER_FIELDS = ("aspect", "department", "person", "status", "overdue", "q", "flagged")


HOME_PAGE_SIZE = 50


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's units by round, one page at a time (a province's office sees thousands)."""
    units = acl.visible_units(request.user).order_by(*newest_first("inspection__"), "name", "id")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        units = units.filter(Q(name__icontains=q) | Q(inspection__name__icontains=q) | Q(group__icontains=q))
    paged = paging.paginate(request, units, HOME_PAGE_SIZE)
    rounds: dict = defaultdict(list)
    for unit in paged.page.object_list:
        rounds[unit.inspection].append(unit)
    # The rounds of this page whose overview the user may open (links beside each round's name).
    overview_ids = set(acl.overview_rounds_qs(request.user).filter(id__in=[r.id for r in rounds])
                       .values_list("id", flat=True)) if rounds else set()
    return render(request, "ledger/home.html", {"rounds": dict(rounds), "paged": paged, "q": q,
                                                "overview_ids": overview_ids})


@require_GET
@login_required
def ledger(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    form = LedgerFilterForm(
        request.GET or None,
        unit=unit,
        aspects=queries.aspects(unit),
        departments=Department.objects.active().filter(unit=unit),
    )
    flt = form.to_filter() if request.GET else queries.LedgerFilter()
    page = Paginator(queries.measures(unit, flt, access), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, *queries.problem_of(m)) for m in page.object_list]
    previous = None
    for m in page.object_list:  # a row under the same problem as the row above says 同上, not the whole path again
        m.same_place, previous = m.finding_id == previous, m.finding_id
    quality_notes = _quality_flags(unit, access, page.object_list, flt.today)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "unit": unit,
        "access": access,
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "today": flt.today,
        "counts": _counts(unit, access),
        "filtered": not flt.is_empty(),
        # The bulk form repeats the filter, so 筛选出的全部 means the rows shown here.
        "filter_items": [(k, v) for k in FILTER_FIELDS for v in query.getlist(k)],
        "bulk_form": BulkForm(unit=unit, auto_id="bulk_%s") if access.can_bulk_edit else None,
        "pdf_available": pdf_available(),
        "quality_notes": quality_notes,
    }
    if request.htmx and request.htmx.target == "ledger-rows":
        return render(request, "ledger/_ledger_rows.html", context)
    return render(request, "ledger/ledger.html", context)


def _quality_flags(unit, access, measures, today) -> list:
    """整改质量体检 on the rows shown: each row gets its flags (``quality_flags``), its problem's on the
    problem's first row; returns the unit-wide notes. A fixed number of queries for the page."""
    from zhenggai.oversight.ledger_rules import measure_flags

    flags = measure_flags(unit.id, today, [m.id for m in measures])
    for m in measures:
        m.quality_flags = flags.of(m.id, None if m.same_place else m.finding_id)
    # A reporter sees their own rows; the unit's other problems and its closing pattern are the office's.
    return [] if access.reporter_only else flags.notes()


def _counts(unit, access) -> figures.Figures:
    """The line above the table: the unit's figures as every page counts them."""
    return figures.unit_figures(unit, access)


@require_GET
@login_required
def feedback(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    findings = list(Finding.objects.active().filter(unit=unit).order_by("sort_key"))
    counts = defaultdict(int)
    for fid in queries.measures(unit, None, access).values_list("finding_id", flat=True):
        counts[fid] += 1
    tree = [(f, f.sort_key.count("."), counts.get(f.id, 0)) for f in findings]
    context = {
        "unit": unit,
        "access": access,
        "tree": tree,
        "suggestions": Suggestion.objects.active().filter(unit=unit),
        "leads": Lead.objects.active().filter(unit=unit) if access.can_see_leads else None,
    }
    return render(request, "ledger/feedback.html", context)


@require_GET
@login_required
def list_page(request: HttpRequest, unit_id: int, which: str) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    if which not in lists.LISTS:
        raise Http404("没有这个清单")
    tbl = lists.table(access.unit, which, access)
    return render(
        request,
        "ledger/list.html",
        {"unit": access.unit, "access": access, "table": tbl, "which": which, "lists": lists.LISTS},
    )


@require_GET
@login_required
def problem(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding, access = acl.finding_for(request.user, finding_id)
    subtree = list(
        Finding.objects.active().filter(unit=finding.unit, sort_key__startswith=finding.sort_key + ".").order_by("sort_key")
    )
    ids = [finding.id, *(f.id for f in subtree)]
    ms = access.scope_measures(
        Measure.objects.active().filter(finding_id__in=ids).select_related("lead_department", "finding").prefetch_related("departments")
    ).order_by("finding__sort_key", "position")
    if access.reporter_only and not ms.exists():
        raise Http404("没有这个问题")
    all_measure_ids = list(access.scope_measures(Measure.objects.filter(finding_id__in=ids)).values_list("id", flat=True))
    ms = list(ms)
    from zhenggai.oversight.ledger_rules import measure_flags

    flags = measure_flags(finding.unit_id, queries.LedgerFilter().today, [m.id for m in ms])
    for m in ms:
        m.quality_flags = flags.of(m.id)
    context = {
        "unit": finding.unit,
        "access": access,
        "finding": finding,
        "ancestors": finding.ancestors(),
        "subtree": subtree,
        "measures": ms,
        "today": queries.LedgerFilter().today,
        "history": history.entries(finding_ids=ids, measure_ids=all_measure_ids),
        # 整改质量体检 of the problem (and its 具体问题) as a whole: on its page above the measures.
        "problem_flags": [f for i in ids for f in flags.by_finding.get(i, [])],
    }
    return render(request, "ledger/problem.html", context)
