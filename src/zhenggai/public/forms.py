"""Forms of the public side: the opinion, the receipt lookup and the office's answer."""

from __future__ import annotations

from django import forms

from .models import Satisfaction


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the view checks each one."""

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultiFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class OpinionForm(forms.Form):
    text = forms.CharField(label="反映内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "请填写反映的内容", "max_length": "内容过长（不超过2000字）"})
    item = forms.TypedChoiceField(label="涉及报告中的问题（可不选）", required=False, coerce=int, empty_value=None)
    photos = MultiFileField(label="照片（可不传，最多3张 JPG/PNG）", required=False,
                             widget=MultiFileInput(attrs={"accept": "image/jpeg,image/png"}))
    name = forms.CharField(label="姓名（可不填，匿名反映）", max_length=50, required=False)
    phone = forms.CharField(label="联系电话（可不填）", max_length=30, required=False)
    # The honeypot: hidden by the stylesheet, left empty by people, filled by form robots.
    website = forms.CharField(label="网站（请勿填写）", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "（不涉及具体问题）")] + [(it["n"], it["title"]) for it in items]
        if not items:
            del self.fields["item"]


class ReceiptForm(forms.Form):
    code = forms.CharField(label="回执码", max_length=20, error_messages={"required": "请输入回执码"})


class RatingForm(forms.Form):
    value = forms.ChoiceField(label="您对整改成效的评价", choices=Satisfaction.choices, widget=forms.RadioSelect,
                              error_messages={"required": "请选择 满意、基本满意 或 不满意"})
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="公开答复（提交人凭回执码可见）", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                             error_messages={"required": "请填写答复内容"})


class ExemptForm(forms.Form):
    reason = forms.CharField(label="不予公开的理由", max_length=300, required=False)
