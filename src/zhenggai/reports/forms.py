"""The narrative form: clean() returns the fields save_draft takes."""

from __future__ import annotations

import re

from django import forms

from zhenggai.ledger.forms import ChineseDateField
from zhenggai.ledger.versions import VersionField


class NarrativeForm(forms.Form):
    as_of = ChineseDateField(label="统计截止日期")
    period_start = ChineseDateField(label="调度起始日期", required=False)
    basic = forms.CharField(label="整改工作基本情况", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6}),
                            help_text="每段一行；留空则用默认表述。各项数字由系统根据台账自动生成，无需填写。")
    next_steps = forms.CharField(label="下一步工作打算", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    phone = forms.CharField(label="联系电话", required=False, max_length=200)
    address = forms.CharField(label="通信地址", required=False, max_length=300)
    postcode = forms.CharField(label="邮政编码", required=False, max_length=12)
    email = forms.CharField(label="电子邮箱", required=False, max_length=200)
    version = VersionField()  # the draft's version when the form was loaded: a stale save is refused

    def __init__(self, *args, dispatch: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages["required"] = "此项必填"
        if dispatch:
            for name in ("basic", "next_steps", "phone", "address", "postcode", "email"):
                del self.fields[name]
        else:
            del self.fields["period_start"]

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and not re.fullmatch(r"\d{6}", value):
            raise forms.ValidationError("邮政编码应为6位数字")
        return value

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise forms.ValidationError("电子邮箱格式不正确")
        return value

    def clean(self):
        data = super().clean()
        if data.get("as_of") is None and "as_of" not in self.errors:
            self.add_error("as_of", "此项必填")
        start, end = data.get("period_start"), data.get("as_of")
        if start and end and start > end:
            self.add_error("period_start", "调度起始日期不能晚于截止日期")
        return data
