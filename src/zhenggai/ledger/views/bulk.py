"""批量修改: rows ticked on the ledger page (or every row of the current filter) → preview → confirm.

The preview lists each measure's old → new values; the confirmation carries the exact ids previewed,
so a filter that matches other rows a minute later changes nothing unexpected.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenggai import ids

from .. import access as acl
from .. import bulk, queries
from ..datefield import ChineseDateField
from ..forms import LedgerFilterForm
from ..models import Department, LedgerError, Measure
from ..models.measures import MeasureKind


class BulkForm(forms.Form):
    """Each field left empty means 不修改."""

    leader = forms.CharField(label="责任领导", max_length=100, required=False)
    lead_department = forms.ModelChoiceField(label="牵头部门", queryset=Department.objects.none(), required=False,
                                             empty_label="（不修改）")
    departments = ids.ModelMultipleChoiceField(label="责任部门（替换为所选）", queryset=Department.objects.none(),
                                                 required=False, widget=forms.CheckboxSelectMultiple)
    person = forms.CharField(label="责任人", max_length=100, required=False)
    deadline = ChineseDateField(label="完成时限", required=False)
    kind = forms.ChoiceField(label="措施类型", choices=[("", "（不修改）"), *MeasureKind.choices], required=False)

    def __init__(self, *args, unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        depts = Department.objects.active().filter(unit=unit).order_by("name")
        self.fields["lead_department"].queryset = depts
        self.fields["departments"].queryset = depts
        for name in ("leader", "person"):
            self.fields[name].widget.attrs["placeholder"] = "（不修改）"
        for f in self.fields.values():
            f.error_messages.update(invalid_choice="选项无效", invalid_pk_value="选项无效")

    def changes(self) -> dict:
        d = self.cleaned_data
        out: dict = {}
        for name in ("leader", "person"):
            if (d.get(name) or "").strip():
                out[name] = d[name].strip()
        if d.get("lead_department"):
            out["lead_department"] = d["lead_department"]
        if d.get("departments"):
            out["departments"] = list(d["departments"])
        if d.get("deadline"):
            out["deadline"] = d["deadline"]
        if d.get("kind"):
            out["kind"] = d["kind"]
        return out


def _selected(request: HttpRequest, unit, access) -> list[Measure]:
    """The ticked rows, or every row the filter the page showed matches (scope_all=1)."""
    base = queries.measures(unit, None, access)
    if request.POST.get("scope_all") == "1":
        form = LedgerFilterForm(request.POST, unit=unit, aspects=queries.aspects(unit),
                                departments=Department.objects.active().filter(unit=unit))
        return list(queries.measures(unit, form.to_filter(), access))
    ids = []
    # The preview carries its rows as one field (id_list): thousands of ids would pass Django's field limit.
    for raw in [*request.POST.getlist("ids"), *request.POST.get("id_list", "").split(",")]:
        try:
            ids.append(int(raw))
        except ValueError:
            continue
    return list(base.filter(pk__in=ids))


@require_POST
@login_required
def bulk_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    access = acl.unit_for(request.user, unit_id, write=True)
    if not access.can_bulk_edit:
        raise PermissionDenied("批量修改由整改办办理")
    unit = access.unit
    measures = _selected(request, unit, access)
    form = BulkForm(request.POST, unit=unit)
    context = {"unit": unit, "access": access, "form": form, "measures": measures,
               "id_list": ",".join(str(m.pk) for m in measures),
               "back_query": request.POST.get("back_query", "")}
    if not measures:
        context["error"] = "请先勾选要修改的措施，或选择“筛选出的全部措施”"
        return render(request, "ledger/bulk.html", context, status=400)
    if not form.is_valid():
        return render(request, "ledger/bulk.html", context, status=400)
    changes = form.changes()
    try:
        rows = bulk.preview(measures, changes)
        if request.POST.get("confirm") == "1":
            n = bulk.bulk_update_measures(request.user, measures, changes,
                                          versions=bulk.parse_version_list(request.POST.get("version_list")))
            messages.success(request, f"已批量修改 {n} 条措施（{'、'.join(bulk.FIELDS[k] for k in changes)}）")
            back = request.POST.get("back_query", "")  # the ledger's filter, so the clerk lands where they were
            return redirect(reverse("ledger:ledger", args=[unit.id]) + (f"?{back}" if back else ""))
    except LedgerError as e:
        context["error"] = str(e)
        return render(request, "ledger/bulk.html", context, status=400)
    context.update(rows=rows, changes=changes, unchanged=len(measures) - len(rows),
                   version_list=bulk.version_list(measures))  # what the confirmation checks against
    return render(request, "ledger/bulk.html", context)
