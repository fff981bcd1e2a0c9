"""Small per-action forms; clean() returns what the service verbs take."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings

from zhenggai import ids

from .datefield import ChineseDateField  # noqa: F401  (workflow and reports import it from here)
from .models import Department, Measure, Unit
from .models.measures import SETTLED, MeasureKind, MeasureStatus
from .queries import LedgerFilter
from .versions import VersionField, token_for


class MeasureInlineForm(forms.Form):
    """The fields edited in a ledger row."""

    text = forms.CharField(label="整改措施", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    leader = forms.CharField(label="责任领导", max_length=100, required=False)
    lead_department = forms.ModelChoiceField(label="牵头部门", queryset=Department.objects.none(), required=False)
    person = forms.CharField(label="责任人", max_length=100, required=False)
    deadline = ChineseDateField(label="完成时限", required=False)
    kind = forms.ChoiceField(label="措施类型", choices=MeasureKind.choices)
    status = forms.ChoiceField(label="整改状态", choices=MeasureStatus.choices)
    progress = forms.CharField(label="整改进展", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()  # the version the form was loaded from: a stale save is refused

    error_messages = {"required": "此项必填"}

    def __init__(self, *args, unit: Unit, measure: Measure | None = None, **kwargs):
        if measure is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(measure, name) for name in self.base_fields if name not in ("departments", "version")}
            kwargs["initial"]["version"] = token_for(measure)
            if "departments" in self.base_fields:
                kwargs["initial"]["departments"] = list(measure.departments.values_list("id", flat=True))
            if measure.deadline:
                kwargs["initial"]["deadline"] = measure.deadline.isoformat()
        super().__init__(*args, **kwargs)
        depts = Department.objects.active().filter(unit=unit)
        self.fields["lead_department"].queryset = depts
        if "departments" in self.fields:
            self.fields["departments"].queryset = depts
        for field in self.fields.values():
            field.error_messages.setdefault("required", "此项必填")
            field.error_messages["required"] = "此项必填"
            field.error_messages["invalid_choice"] = "选项无效"

    def clean_status(self) -> str:
        """Closing (销号) and 长期坚持 go through the workflow's review, never a plain edit."""
        new = self.cleaned_data["status"]
        old = self.initial.get("status") if self.initial else None
        if old is None or new == old:
            return new
        if new in SETTLED:
            raise forms.ValidationError("销号或转为长期坚持须在“办理”页面提出并经审核，不能直接修改状态")
        if old in SETTLED:
            raise forms.ValidationError("已销号或长期坚持的措施须在“办理”页面重新打开，不能直接修改状态")
        return new

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("departments", None)
        data.pop("version", None)
        for key in ("text", "leader", "person", "target", "progress"):
            if key in data:
                data[key] = (data[key] or "").strip()
        return data


class MeasureForm(MeasureInlineForm):
    """The full form on the measure's own page."""

    target = forms.CharField(label="整改目标", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    departments = ids.ModelMultipleChoiceField(
        label="责任部门", queryset=Department.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )


class LedgerFilterForm(forms.Form):
    aspect = forms.TypedChoiceField(label="方面", coerce=int, required=False, empty_value=None)
    department = forms.TypedChoiceField(label="部门", coerce=int, required=False, empty_value=None)
    person = forms.CharField(label="责任人", max_length=50, required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部")] + MeasureStatus.choices, required=False)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    q = forms.CharField(label="搜索", max_length=100, required=False)
    flagged = forms.BooleanField(label="有质量问题", required=False)

    def __init__(self, *args, unit: Unit, aspects, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = [("", "全部方面")] + [(a.id, a.title[:30]) for a in aspects]
        self.fields["department"].choices = [("", "全部部门")] + [(d.id, d.name) for d in departments]

    def to_filter(self) -> LedgerFilter:
        """Invalid filter values are ignored rather than failing the page."""
        data = self.cleaned_data if self.is_valid() else {
            k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors
        }
        return LedgerFilter(
            aspect=data.get("aspect"),
            department=data.get("department"),
            person=(data.get("person") or "").strip(),
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            q=(data.get("q") or "").strip(),
            flagged=bool(data.get("flagged")),
        )


DOC_SUFFIXES = (".txt", ".md", ".docx")
XLSX_SUFFIXES = (".xlsx",)


class ImportForm(forms.Form):
    file = forms.FileField(label="文件（反馈意见/整改报告 .docx/.txt，或任务分解表 .xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        suffix = os.path.splitext(name)[1]
        if suffix not in DOC_SUFFIXES + XLSX_SUFFIXES:
            raise forms.ValidationError("只支持 .docx、.txt、.md 文档和 .xlsx 表格（旧版 .doc/.xls 请先另存为新格式）")
        limit = settings.MAX_UPLOAD_MB * 1024 * 1024
        if f.size > limit:
            raise forms.ValidationError(f"文件过大，上限 {settings.MAX_UPLOAD_MB} MB")
        if f.size == 0:
            raise forms.ValidationError("文件是空的")
        return f
