"""Forms of the set-up pages; the rules they enforce are the services'."""

from __future__ import annotations

from django import forms

from zhenggai.ledger.models import Body, BodyKind, Department, GrantRole, InspectionGroup, InspectionKind, Role, Tier

from .services import UNIT_PEOPLE_ROLES


class RoundForm(forms.Form):
    body = forms.ModelChoiceField(label="巡视巡察机构", queryset=Body.objects.none())
    name = forms.CharField(label="轮次名称", max_length=200, help_text="如 市委2026年第一轮巡察")
    kind = forms.ChoiceField(label="类别", choices=InspectionKind.choices, initial=InspectionKind.XUNCHA)
    round = forms.CharField(label="轮次", max_length=100, required=False, help_text="如 2026年第一轮")
    types = forms.CharField(label="巡视巡察类型", max_length=200, required=False, help_text="如 常规巡察、专项巡察")
    start = forms.DateField(label="进驻日期", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else Body.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "结束日期不能早于进驻日期")
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label="巡视巡察组", max_length=200, help_text="如 市委第一巡察组")


class UnitForm(forms.Form):
    name = forms.CharField(label="被巡视巡察党组织", max_length=200,
                           help_text="从下拉提示中选择已有党组织，或输入新的名称",
                           widget=forms.TextInput(attrs={"list": "organisations", "autocomplete": "off"}))
    group = forms.ModelChoiceField(label="巡视巡察组", queryset=InspectionGroup.objects.none(), required=False)
    feedback_date = forms.DateField(label="反馈日期", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspection is not None:
            self.fields["group"].queryset = InspectionGroup.objects.active().filter(inspection=inspection)


class DepartmentForm(forms.Form):
    name = forms.CharField(label="部门名称", max_length=100)


class PersonForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="角色", choices=[(r.value, r.label) for r in UNIT_PEOPLE_ROLES])
    department = forms.ModelChoiceField(label="所在部门", queryset=Department.objects.none(), required=False,
                                        help_text="部门填报人必填")
    title = forms.CharField(label="职务", max_length=100, required=False)
    phone = forms.CharField(label="手机", max_length=30, required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["department"].queryset = Department.objects.active().filter(unit=unit)


class PeopleFileForm(forms.Form):
    file = forms.FileField(label="人员表（.xlsx）", help_text="表头：姓名、部门、职务、手机、角色")


class BodyForm(forms.Form):
    parent = forms.ModelChoiceField(label="所属层级", queryset=Body.objects.none(), required=False,
                                    help_text="新建顶层层级时留空")
    kind = forms.ChoiceField(label="类别", choices=[(k.value, k.label) for k in BodyKind if k != BodyKind.ORGANISATION])
    tier = forms.ChoiceField(label="层级（仅层级填写）", choices=[("", "—")] + list(Tier.choices), required=False)
    name = forms.CharField(label="名称", max_length=200, help_text="如 某市、市委巡察办、市纪委监委、市委组织部")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Body.objects.active().filter(kind=BodyKind.LEVEL)


class BodyPersonForm(forms.Form):
    """The operator adds a person to a body; the role follows the body's kind."""

    body = forms.ModelChoiceField(label="机构", queryset=Body.objects.none(),
                                  help_text="巡视巡察机构→巡视巡察办人员；纪委监委、组织部→其人员；层级→只读查看该层级及下级")
    name = forms.CharField(label="姓名", max_length=50)
    title = forms.CharField(label="职务", max_length=100, required=False)
    phone = forms.CharField(label="手机", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.active().exclude(kind=BodyKind.ORGANISATION)


class GrantPersonForm(forms.Form):
    """A person above the units: a colleague of the 巡视巡察办, a group member, the 纪委监委, the 组织部."""

    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="角色", choices=GrantRole.choices)
    title = forms.CharField(label="职务", max_length=100, required=False)
    phone = forms.CharField(label="手机", max_length=30, required=False)
    group = forms.ModelChoiceField(label="巡视巡察组（巡视巡察组成员填写）", queryset=InspectionGroup.objects.none(),
                                   required=False)

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups
        self.fields["role"].choices = [(r.value, r.label) for r in (GrantRole.INSPECTION_OFFICE, GrantRole.INSPECTION_GROUP)]


__all__ = ["RoundForm", "GroupForm", "UnitForm", "DepartmentForm", "PersonForm", "PeopleFileForm", "BodyForm",
           "GrantPersonForm", "Role"]
