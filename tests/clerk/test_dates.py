"""Dates as people write them, in every date field, shown back as a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhenggai.ledger.values import ValueProblem, parse_date
from zhenggai.workflow.models import Extension

TODAY = dt.date(2026, 5, 10)


@pytest.mark.parametrize("raw, expected", [
    ("2026年12月底", dt.date(2026, 12, 31)),
    ("6月30日前", dt.date(2026, 6, 30)),
    ("2026-12-31", dt.date(2026, 12, 31)),
    ("12月31日", dt.date(2026, 12, 31)),
    ("年底", dt.date(2026, 12, 31)),
    ("明年底", dt.date(2027, 12, 31)),
    ("季度末", dt.date(2026, 6, 30)),
    ("三季度末", dt.date(2026, 9, 30)),
    ("2027年第一季度", dt.date(2027, 3, 31)),
    ("上半年", dt.date(2026, 6, 30)),
    ("2027年上半年", dt.date(2027, 6, 30)),
    ("下半年", dt.date(2026, 12, 31)),
    ("本月底", dt.date(2026, 5, 31)),
    ("下月底", dt.date(2026, 6, 30)),
    ("十二月底", dt.date(2026, 12, 31)),
    ("于2026年6月30日前完成", dt.date(2026, 6, 30)),
    ("完成时限：2026年9月底前", dt.date(2026, 9, 30)),
    ("2026 年 12 月 31 号", dt.date(2026, 12, 31)),
])
def test_forms_people_write(raw, expected):
    assert parse_date(raw, TODAY) == expected


@pytest.mark.parametrize("raw, words", [("明年", "无法识别"), ("2026年2月30日", "不存在"), ("长期坚持", "措施类型")])
def test_not_dates_say_why(raw, words):
    with pytest.raises(ValueProblem) as e:
        parse_date(raw, TODAY)
    assert words in str(e.value)


def test_hint_shows_the_date_understood(login, named):
    c = login(named.reporter)
    r = c.get(reverse("ledger:date_hint"), {"new_deadline": "2026年12月底"})
    assert "即 2026年12月31日（星期四）" in r.content.decode()
    bad = c.get(reverse("ledger:date_hint"), {"deadline": "尽快"}).content.decode()
    assert "bad" in bad and "无法识别" in bad


def test_extension_form_takes_a_chinese_date(login, ledger, named):
    m = ledger.measures[4]  # due in 60 days
    year = m.deadline.year + 1
    c = login(named.reporter)
    page = c.get(reverse("workflow:measure", args=[m.id])).content.decode()
    assert 'name="new_deadline"' in page and 'type="date"' not in page
    c.post(reverse("workflow:act", args=[m.id, "extension"]), {"new_deadline": f"{year}年6月底前", "reason": "须待预算批复"})
    assert Extension.objects.get(measure=m).new_deadline == dt.date(year, 6, 30)


def test_every_form_date_field_is_the_date_box():
    from django import forms as djforms

    from zhenggai.ledger.datefield import ChineseDateField
    from zhenggai.ledger.forms import MeasureInlineForm
    from zhenggai.outcomes import forms as outcome_forms
    from zhenggai.reports.forms import NarrativeForm
    from zhenggai.workflow import forms as wf_forms

    classes = [MeasureInlineForm, NarrativeForm, *(getattr(wf_forms, n) for n in dir(wf_forms)),
               *(getattr(outcome_forms, n) for n in dir(outcome_forms))]
    seen = 0
    for cls in classes:
        if not (isinstance(cls, type) and issubclass(cls, djforms.BaseForm)):
            continue
        fields = getattr(cls, "base_fields", {})
        for name, field in fields.items():
            if isinstance(field, (djforms.DateField, djforms.DateTimeField)):
                # ModelForms swap theirs in __init__ (outcomes): their class-level field may be a DateField.
                assert issubclass(cls, outcome_forms.OutcomeForm), (cls, name)
            seen += isinstance(field, ChineseDateField)
    assert seen >= 5


def test_outcome_forms_take_chinese_dates(ledger):
    from zhenggai.ledger.datefield import ChineseDateField
    from zhenggai.outcomes.forms import AccountabilityForm

    form = AccountabilityForm({"person": "某科员", "position": "科员", "kind": "criticism", "reason": "审核不细",
                               "date": "2026年3月底"}, unit=ledger.unit)
    assert isinstance(form.fields["date"], ChineseDateField)
    form.is_valid()
    assert form.cleaned_data.get("date") == dt.date(2026, 3, 31), form.errors
