from __future__ import annotations

from django import forms

from zhenggai import ids
from zhenggai.ledger.models import Finding, Unit
from zhenggai.ledger.versions import VersionField

from .models import CommonAnswer, MilestoneKind, SupervisionActivity

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class DraftForm(forms.Form):
    text = forms.CharField(label="反馈意见（提纲）", widget=forms.Textarea(attrs={"rows": 18}), required=False,
                           help_text="方面以“一、”开头，问题以“1.”开头，其下不编号的行是该问题的具体表现；"
                                     "“意见建议：”“问题线索：”之后每行一条")
    file = forms.FileField(label="或上传反馈意见文档（.docx/.txt）", required=False)
    version = VersionField()  # the draft's version when loaded: a stale save is refused


class HandOverForm(forms.Form):
    on = forms.DateField(label="移交（反馈）日期", widget=DATE)


class MilestoneDoneForm(forms.Form):
    kind = forms.ChoiceField(label="时间节点", choices=MilestoneKind.choices)
    done_on = forms.DateField(label="完成日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=300, required=False)


class MilestoneDaysForm(forms.Form):
    version = VersionField()  # the milestones' version when loaded: a stale save is refused

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        for m in milestones:
            self.fields[m.kind] = forms.IntegerField(label=f"{m.get_kind_display()}（反馈后天数）", min_value=1,
                                                     max_value=1000, initial=m.days)


class CommonProblemForm(forms.Form):
    title = forms.CharField(label="共性问题", max_length=300)
    description = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    extra_units = ids.ModelMultipleChoiceField(
        label="同时推送到本轮未巡察的单位（可多选）", queryset=Unit.objects.none(), required=False,
        help_text="这些单位虽未在本轮被巡察，也须对照共性问题举一反三")

    def __init__(self, *args, others=None, **kwargs):
        super().__init__(*args, **kwargs)
        if others is not None:
            self.fields["extra_units"].queryset = others
            self.fields["extra_units"].label_from_instance = lambda u: f"{u.name}（{u.inspection.name}）"


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label="答复", choices=CommonAnswer.Answer.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="理由（不存在此问题时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             max_length=2000)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "认可"), ("return", "退回")])
    note = forms.CharField(label="审核意见（退回时必填）", required=False, max_length=2000)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="方式", choices=SupervisionActivity.Kind.choices)
    date = forms.DateField(label="日期", widget=DATE)
    people = forms.CharField(label="参加人员", max_length=300, required=False)
    found = forms.CharField(label="发现的问题和意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problems = ids.ModelMultipleChoiceField(label="涉及问题", queryset=Finding.objects.none(), required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["problems"].queryset = Finding.objects.active().filter(
                unit=unit, level=Finding.Level.PROBLEM).order_by("sort_key")
