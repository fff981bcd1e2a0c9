"""Unit-level workflow pages: 待办 (what is due and awaiting me), settings, handover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from zhenggai.ledger import access as acl
from zhenggai.ledger import paging, versions
from zhenggai.ledger.models import Measure

from .. import forms, permissions, queries, services, states
from ..models import AuditEvent, Handover, WorkflowSettings
from ..periods import period_of


DUE_PAGE_SIZE = 100


@require_GET
@login_required
def inbox(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id)
    unit = access.unit
    today = services._today()
    cfg = services.settings_for(unit)
    office = permissions.is_office(access)

    def mine(qs, verb: states.Verb, stage: states.State):
        roles = states.TABLE[(stage, verb)].roles
        return [x for x in qs if permissions.holds(access, roles, x.measure)]

    requests = list(queries.pending_requests(unit))
    awaiting = [r for r in requests if permissions.holds(access, states.TABLE[(states.State(r.stage), states.Verb.APPROVE)].roles, r.measure)]
    ext_roles = permissions.extension_roles(cfg.extension_approver)
    extensions = [e for e in queries.pending_extensions(unit) if permissions.holds(access, ext_roles, e.measure)]
    due = queries.due_reports(unit, today, access) if access.has(states.REPORTER) or office else []
    if access.has(states.REPORTER) and not office and not access.reporter_only:
        # A reporter with another role too: their departments' measures, found in one query
        # (Access.in_department would ask once per measure). reporter_only is scoped already.
        ids = set(Measure.objects.filter(finding__unit=unit).filter(
            Q(lead_department_id__in=access.department_ids) | Q(departments__id__in=access.department_ids))
            .values_list("id", flat=True))
        due = [d for d in due if d.measure.id in ids]
    start, end = period_of(cfg.cadence, today)
    context = {
        "unit": unit,
        "access": access,
        "cfg": cfg,
        "office": office,
        "period": (start, end),
        "due": due,
        "due_open": [d for d in due if not d.reported],
        # One page of the due list: a large unit has thousands of open measures.
        "due_paged": paging.paginate(request, due, DUE_PAGE_SIZE, param="due_page"),
        # The office's due list is the whole unit's: reuse it instead of computing it twice.
        "missing": queries.missing_reporters(unit, today, due=due) if office else [],
        "awaiting": awaiting,
        "all_pending": requests,
        "extensions": extensions,
        "lookbacks": queries.lookbacks_due(unit, today) if office or access.has(states.INSPECTION) else [],
        "handovers": Handover.objects.filter(unit=unit).select_related("by")[:20],
        "today": today,
    }
    return render(request, "workflow/inbox.html", context)


def _office(request: HttpRequest, unit_id: int) -> acl.Access:
    access = acl.unit_for(request.user, unit_id)
    if not permissions.is_office(access):
        raise PermissionDenied("此项由整改办办理")
    return access


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = _office(request, unit_id)
    unit = access.unit
    cfg = services.settings_for(unit)
    if request.method == "POST":
        form = forms.SettingsForm(request.POST)
        if form.is_valid():
            try:
                with versions.editing(cfg, versions.posted(request.POST), "流程设置", _settings_changes):
                    changed = services.update_settings(unit, request.user, **form.settings_fields())
            except (services.WorkflowError, versions.StaleEdit) as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "设置已保存" if changed else "没有改动")
                return redirect(reverse("workflow:settings", args=[unit.pk]))
    else:
        form = forms.SettingsForm(initial={
            "cadence": cfg.cadence, "leader_approval": cfg.leader_approval, "acceptance": cfg.acceptance,
            "extension_approver": cfg.extension_approver, "lookback_days": ",".join(str(d) for d in cfg.lookback_days),
            "version": versions.token_for(cfg),
        })
    return render(request, "workflow/settings.html", {"unit": unit, "access": access, "form": form, "cfg": cfg, "table": states.table_rows()})


def _settings_changes(cfg: WorkflowSettings, token: str) -> list[str]:
    """Who changed the settings after ``token`` (their updated_at), from the workflow's own log."""
    import datetime as dt

    try:
        since = dt.datetime.fromisoformat(token)
    except ValueError:
        return []
    events = (AuditEvent.objects.filter(unit_id=cfg.unit_id, action="workflow.settings.update", at__gt=since)
              .select_related("actor").order_by("at")[:10])
    return [versions.describe(e.actor, e.at, [str(WorkflowSettings._meta.get_field(k).verbose_name) for k in e.data
                                              if k in forms.SettingsForm.base_fields]) for e in events]


@require_http_methods(["GET", "POST"])
@login_required
def handover(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = _office(request, unit_id)
    unit = access.unit
    if request.method == "POST":
        form = forms.HandoverForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                h = services.hand_over(unit, request.user, d["field"], d["predecessor"], d["successor"], d["reason"])
            except services.WorkflowError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, f"已将 {h.predecessor} 的 {len(h.measure_ids)} 条未完成措施交接给 {h.successor}")
                return redirect(reverse("workflow:handover", args=[unit.pk]))
    else:
        form = forms.HandoverForm()
    # Names as they stand in the ledger, to pick from: nobody types a name that is already there.
    open_ = Measure.objects.active().filter(finding__unit=unit).exclude(status__in=[Measure.Status.COMPLETED, Measure.Status.LONG_TERM])
    names = {
        "leader": sorted(set(open_.exclude(leader="").values_list("leader", flat=True))),
        "person": sorted(set(open_.exclude(person="").values_list("person", flat=True))),
    }
    return render(request, "workflow/handover.html", {
        "unit": unit, "access": access, "form": form, "names": names,
        "handovers": Handover.objects.filter(unit=unit).select_related("by"),
    })
