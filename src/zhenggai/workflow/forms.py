"""Small per-action forms. clean() returns what the service verbs take (dates, ints, checked files)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from zhenggai.ledger.forms import ChineseDateField
from zhenggai.ledger.versions import VersionField

from . import evidence as ev
from .models import Cadence, ExtensionApprover, HandoverField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files; each is sniffed, size-checked and hashed before any service runs."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[ev.Checked]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > ev.MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {ev.MAX_FILES} 个文件")
        out = []
        limit = settings.MAX_UPLOAD_MB * 1024 * 1024
        for f in files:
            if not hasattr(f, "chunks"):
                raise forms.ValidationError("上传的文件无效")
            try:
                out.append(ev.check(f.name, f.chunks(), limit))
            except ev.EvidenceRefused as e:
                raise forms.ValidationError(str(e)) from None
        return out


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages["required"] = f"请填写{f.label}"
            f.error_messages["invalid"] = f"{f.label}格式不正确"
            f.error_messages["max_length"] = f"{f.label}过长"
            f.error_messages["min_value"] = f"{f.label}不能小于 %(limit_value)s"
            f.error_messages["max_value"] = f"{f.label}不能大于 %(limit_value)s"
            f.error_messages["invalid_choice"] = f"{f.label}选项无效"

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return "输入有误"


TEXT = forms.Textarea(attrs={"rows": 3})


class ReportForm(_Form):
    text = forms.CharField(label="进展情况", max_length=5000, widget=TEXT)
    percent = forms.IntegerField(label="完成比例", min_value=0, max_value=100, required=False)
    files = EvidenceField(label="佐证材料")


class CloseForm(_Form):
    summary = forms.CharField(label="整改完成情况", max_length=5000, widget=TEXT)
    files = EvidenceField(label="佐证材料")


class ReasonForm(_Form):
    reason = forms.CharField(label="意见", max_length=5000, required=False, widget=TEXT)


class RequiredReasonForm(_Form):
    reason = forms.CharField(label="理由", max_length=5000, widget=TEXT)


class LongTermForm(_Form):
    review_date = ChineseDateField(label="复核日期")
    reason = forms.CharField(label="理由", max_length=5000, widget=TEXT)


class ExtensionForm(_Form):
    new_deadline = ChineseDateField(label="申请延至")
    reason = forms.CharField(label="延期理由", max_length=5000, widget=TEXT)


class DecideExtensionForm(_Form):
    decision = forms.ChoiceField(label="审批结论", choices=[("approve", "批准"), ("refuse", "不予批准")])
    reason = forms.CharField(label="审批意见", max_length=5000, required=False, widget=TEXT)


class LookbackForm(_Form):
    found = forms.CharField(label="检查情况", max_length=5000, widget=TEXT)
    rebound = forms.BooleanField(label="发现反弹回潮（将重新打开）", required=False)


class ScheduleForm(_Form):
    due_on = ChineseDateField(label="回头看日期")


class CommentForm(_Form):
    text = forms.CharField(label="意见", max_length=5000, widget=TEXT)


class HandoverForm(_Form):
    field = forms.ChoiceField(label="交接对象", choices=HandoverField.choices)
    predecessor = forms.CharField(label="原责任人", max_length=100)
    successor = forms.CharField(label="接任人", max_length=100)
    reason = forms.CharField(label="交接原因", max_length=5000, widget=TEXT)


class SettingsForm(_Form):
    cadence = forms.ChoiceField(label="报送周期", choices=Cadence.choices)
    leader_approval = forms.BooleanField(label="销号需分管领导审批", required=False)
    acceptance = forms.BooleanField(label="销号需巡察办验收组验收", required=False)
    extension_approver = forms.ChoiceField(label="延期审批人", choices=ExtensionApprover.choices)
    lookback_days = forms.CharField(label="回头看间隔（天，逗号分隔）", max_length=100, required=False)
    version = VersionField()  # the settings' version when loaded: a stale save is refused

    def settings_fields(self) -> dict:
        """What update_settings takes (the version is checked by the view)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def clean_lookback_days(self) -> list[int]:
        raw = (self.cleaned_data.get("lookback_days") or "").replace("，", ",").replace("、", ",")
        try:
            days = [int(x) for x in raw.split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError("回头看间隔应为天数，如 90,180") from None
        if any(d < 1 or d > 3650 for d in days) or len(days) > 6:
            raise forms.ValidationError("回头看间隔应为 1 到 3650 之间的天数，最多 6 个")
        return sorted(set(days))
