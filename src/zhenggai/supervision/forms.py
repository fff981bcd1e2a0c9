"""Small forms: the warning rule and the warning-list filter; clean() returns what the verbs take."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from zhenggai.ledger.models import Department, Unit
from zhenggai.ledger.versions import VersionField

from .models import EmailChoice, Level, Recipient
from .services import Rule


class RuleForm(forms.Form):
    green_days = forms.IntegerField(label="绿色提示：到期前（天）", min_value=0, max_value=365)
    yellow_days = forms.IntegerField(label="黄色预警：到期前（天）", min_value=0, max_value=365)
    green_to = forms.MultipleChoiceField(label="绿色提示发送给", choices=Recipient.choices, widget=forms.CheckboxSelectMultiple)
    yellow_to = forms.MultipleChoiceField(label="黄色预警发送给", choices=Recipient.choices, widget=forms.CheckboxSelectMultiple)
    red_to = forms.MultipleChoiceField(label="红色预警（逾期）发送给", choices=Recipient.choices, widget=forms.CheckboxSelectMultiple)
    principal = forms.ModelChoiceField(label="单位主要负责人", queryset=get_user_model().objects.none(), required=False)
    version = VersionField()  # the stored rule's version when loaded: a stale save is refused

    def __init__(self, *args, unit: Unit | None, rule: Rule, **kwargs) -> None:
        kwargs.setdefault("initial", {
            "green_days": rule.thresholds.green_days,
            "yellow_days": rule.thresholds.yellow_days,
            "green_to": sorted(rule.recipients.green),
            "yellow_to": sorted(rule.recipients.yellow),
            "red_to": sorted(rule.recipients.red),
            "principal": rule.principal_id,
        })
        super().__init__(*args, **kwargs)
        if unit is None:
            # A round-wide rule: each unit names its own principal leader on its own rule.
            del self.fields["principal"]
            self.fields["red_to"].help_text = "“主要负责人”按各单位预警规则中指定的人员发送"
        else:
            self.fields["principal"].queryset = (
                get_user_model().objects.filter(memberships__unit=unit, memberships__archived_at__isnull=True)
                .distinct().order_by("username")
            )
            # Chinese names read family name first (赵书记), not Django's "first last".
            self.fields["principal"].label_from_instance = lambda u: (f"{u.last_name}{u.first_name}" or u.get_username())
        for field in self.fields.values():
            field.error_messages.update(required="此项必填", invalid_choice="选项无效", invalid="请输入整数",
                                        min_value="不能小于 %(limit_value)s", max_value="不能大于 %(limit_value)s")

    def rule_fields(self) -> dict:
        """What set_unit_rule / set_round_rule take (the version is checked by the view)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def clean(self) -> dict:
        data = super().clean()
        g, y = data.get("green_days"), data.get("yellow_days")
        if g is not None and y is not None and y > g:
            self.add_error("yellow_days", f"黄色预警天数（{y}）不能大于绿色提示天数（{g}）")
        return data


class WarningFilterForm(forms.Form):
    # Red first and selected by default: the page opens on the red list, so the selector must say so
    # (an unbound form would otherwise show the first choice while the list below is red).
    level = forms.ChoiceField(label="级别", choices=[(Level.RED, Level.RED.label), (Level.YELLOW, Level.YELLOW.label),
                                                    (Level.GREEN, Level.GREEN.label)], required=False, initial=Level.RED)
    department = forms.ModelChoiceField(label="部门", queryset=Department.objects.none(), required=False, empty_label="全部部门")

    def __init__(self, data=None, *args, unit: Unit, **kwargs) -> None:
        # Always bound: the selector shows the level the list below shows (red when none is asked for).
        data = data.copy() if data else {}
        if not data.get("level"):
            data["level"] = Level.RED
        super().__init__(data, *args, **kwargs)
        self.fields["department"].queryset = Department.objects.active().filter(unit=unit)

    def level_value(self) -> str:
        return (self.cleaned_data.get("level") if self.is_valid() else "") or Level.RED

    def department_id(self) -> int | None:
        dept = self.cleaned_data.get("department") if self.is_valid() else None
        return dept.id if dept else None


class NoticePreferenceForm(forms.Form):
    email = forms.ChoiceField(label="邮件提醒", choices=EmailChoice.choices, widget=forms.RadioSelect,
                              error_messages={"required": "请选择一种方式", "invalid_choice": "选项无效"})
