"""One small form per outcome kind; cleaned() gives exactly what services.record takes."""

from __future__ import annotations

from django import forms

from zhenggai import ids
from zhenggai.ledger.datefield import ChineseDateField

from zhenggai.ledger.models import Finding, Unit

from .models import Accountability, Meeting, MoneyRecord, RuleRecord

MESSAGES = {
    "required": "此项必填",
    "invalid": "格式不正确",
    "invalid_choice": "选项无效",
    "invalid_pk_value": "选项无效",
    "min_value": "不能小于 %(limit_value)s",
    "max_digits": "金额位数过多",
    "max_decimal_places": "最多两位小数",
}


class ProblemChoiceField(ids.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Finding) -> str:
        # Problem numbers restart in every aspect: prefix the aspect's number (一、二…) so
        # "1 …" under 一 and "1 …" under 二 can be told apart.
        root = obj
        while root.parent is not None:
            root = root.parent
        where = f"［{root.number or root.title[:6]}］" if root is not obj else ""
        return f"{where}{obj.number + ' ' if obj.number else ''}{obj.title[:60]}"


class OutcomeForm(forms.ModelForm):
    """Common part: the date, a note, and the unit's own problems the record answers."""

    findings = ProblemChoiceField(label="针对的问题", queryset=Finding.objects.none(), required=False,
                                  widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, unit: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Outcomes answer problems, not whole aspects; only the unit's live findings are offered.
        self.fields["findings"].queryset = (
            Finding.objects.active().filter(unit=unit).exclude(level=Finding.Level.ASPECT)
            .select_related("parent__parent").order_by("sort_key")
        )
        date = self.fields["date"]  # the one date field: 2026年6月底 as well as 2026-06-30
        self.fields["date"] = ChineseDateField(label=date.label, required=date.required, help_text=date.help_text)
        for field in self.fields.values():
            field.error_messages.update(MESSAGES)

    def record_fields(self) -> tuple[list[Finding], dict]:
        data = dict(self.cleaned_data)
        return list(data.pop("findings") or []), data


class AccountabilityForm(OutcomeForm):
    class Meta:
        model = Accountability
        fields = ["person", "position", "kind", "reason", "date", "note"]


class MoneyForm(OutcomeForm):
    class Meta:
        model = MoneyRecord
        fields = ["kind", "amount", "description", "date", "note"]


class RuleForm(OutcomeForm):
    class Meta:
        model = RuleRecord
        fields = ["name", "action", "document_number", "date", "note"]


class MeetingForm(OutcomeForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "date", "note"]


FORMS: dict[str, tuple[type[OutcomeForm], str]] = {
    "accountability": (AccountabilityForm, "问责"),
    "money": (MoneyForm, "资金清退追回"),
    "rule": (RuleForm, "建章立制"),
    "meeting": (MeetingForm, "会议"),
}
